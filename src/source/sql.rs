//! SQL text to a neutral [`Schema`], statement by statement, with `sqlparser`.
//!
//! Reads what people write in a `schema.sql` file and what the databases' own dump tools
//! write (schema-only dumps), in the grammar and spellings of the dialect's
//! [`Spelling`]. Each statement is parsed by `sqlparser` and then either applied to the schema being built, ignored as session or
//! dump bookkeeping (`SET`, `OWNER TO`, `LOCK TABLES`, ...), noted as skipped (views,
//! functions, triggers, extensions, grants), or rejected with its file and line. After the
//! last statement the whole schema is checked: every key, index and constraint names
//! existing columns, and every foreign key points at a declared table.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use sqlparser::ast::{
    AlterColumnOperation, AlterTableOperation, ColumnDef, ColumnOption, ColumnOptionDef, CommentDef, CommentObject,
    ConstraintCharacteristics, ConstraintReferenceMatchKind, CreateIndex, CreateTable, CreateTableOptions, DataType,
    Expr, ForeignKeyConstraint, GeneratedAs, GeneratedExpressionMode, Ident, IndexColumn, IndexOption,
    KeyOrIndexDisplay, NullsDistinctOption, ObjectName, ObjectType, OrderBySort, SequenceOptions, SqlOption, Statement,
    TableConstraint, UserDefinedTypeRepresentation, Value,
};
use sqlparser::keywords::Keyword;
use sqlparser::parser::{Parser, ParserError};
use sqlparser::tokenizer::{Location, Token, TokenWithSpan, Tokenizer};

use super::domain::{self, Domain};
use super::features;
use super::notes::{self, Note, Skipped};
use super::{SchemaFile, SourceError};
use crate::dialect::{ClientCommand, Dialect, GenericSpelling, RoutineKind, Spelling, TableOption};
use crate::schema::{
    prefix_key, CheckConstraint, Column, ColumnType, FkAction, ForeignKey, Generated, Index, PrimaryKey, Schema, Table,
    TypeDef, UniqueConstraint,
};

/// How many characters of a statement an error or a note quotes.
const STATEMENT_EXCERPT: usize = 60;

/// Reads schema SQL `text` (the contents of `path`, which is only used in messages),
/// written for `dialect`: in its grammar, with its type names and spellings; `None` reads
/// it with a generic grammar and the names every database reads alike.
///
/// Returns [`SourceError::Parse`] for text that is not SQL, [`SourceError::Unsupported`]
/// for a statement a schema file cannot hold (`DROP TABLE users`, `ALTER TABLE … DROP COLUMN`, ...) and
/// [`SourceError::Invalid`] when the statements do not make a consistent schema.
pub fn parse_schema_sql(path: &Path, text: &str, dialect: Option<&dyn Dialect>) -> Result<SchemaFile, SourceError> {
    let spelling = dialect.map_or(&GenericSpelling as &dyn Spelling, |d| d.spelling());
    let grammar = spelling.grammar();
    let masked = spelling.masked_for_tokenizer(text);
    let text = masked.as_ref();
    let tokens = Tokenizer::new(grammar.as_ref(), text).tokenize_with_location().map_err(|e| SourceError::Parse {
        path: path.to_path_buf(),
        line: e.location.line,
        message: e.message,
    })?;
    let mut reader = Reader::new(path, text, spelling);
    let tokens = reader.without_unreadable_objects(tokens);
    let tokens = reader.without_unreadable_clauses(tokens);
    let tokens = spelling.retokenize(tokens);
    let mut parser = Parser::new(grammar.as_ref()).with_tokens_with_locations(tokens);
    loop {
        while parser.consume_token(&Token::SemiColon) {}
        let first = parser.peek_token();
        if first.token == Token::EOF {
            break;
        }
        let line = first.span.start.line;
        if reader.dump_command(&mut parser, line)? {
            continue;
        }
        // An object alambic does not manage is skipped whole when the grammar cannot read
        // all of it (MariaDB's `CREATE SEQUENCE … NOCACHE`), as it is when it can.
        let unmanaged = unmanaged_create(&parser);
        let start = parser.get_current_index();
        let statement = match (parser.parse_statement(), unmanaged) {
            (Ok(statement), _) => statement,
            (Err(_), Some(kind)) => {
                reader.skip_unreadable(&mut parser, start, kind, line, first.span.start);
                continue;
            }
            (Err(e), None) => return Err(reader.parse_error(e, line)),
        };
        let end = parser.get_current_token().span.end;
        let next = parser.peek_token();
        if !matches!(next.token, Token::SemiColon | Token::EOF) {
            if let Some(kind) = unmanaged {
                reader.skip_unreadable(&mut parser, start, kind, line, first.span.start);
                continue;
            }
            return Err(SourceError::Parse {
                path: path.to_path_buf(),
                line: next.span.start.line,
                message: format!("expected ';' after the statement, found: {}", next.token),
            });
        }
        let excerpt = reader.excerpt(first.span.start, end);
        reader.statement(statement, line, &excerpt)?;
    }
    reader.finish()
}

/// The schema being built, and where each part of it came from.
struct Reader<'a> {
    path: &'a Path,
    /// What the database the file is written for spells its own way.
    spelling: &'a dyn Spelling,
    text: &'a str,
    /// Byte offset of the start of each line.
    line_starts: Vec<usize>,
    schema: Schema,
    /// Line of each table's `CREATE TABLE`.
    table_lines: BTreeMap<String, u64>,
    /// Enum types declared with `CREATE TYPE ... AS ENUM`.
    enums: BTreeMap<String, Vec<String>>,
    /// The line of each `CREATE TYPE ... AS ENUM`.
    enum_lines: BTreeMap<String, u64>,
    /// Domains declared with `CREATE DOMAIN`.
    domains: BTreeMap<String, Domain>,
    /// Sequences by name: the line declaring them, and whether a column owns them.
    sequences: BTreeMap<String, (u64, bool)>,
    /// Index entries that are expressions rather than column names: (table, entry).
    expression_entries: BTreeSet<(String, String)>,
    /// Notes with the line they concern, sorted by line at the end.
    notes: Vec<Note>,
    /// Virtual tables skipped so far: a dump then lists the shadow tables they keep their
    /// data in (`docs_data` of `docs`), which belong to them and are skipped too.
    virtual_tables: Vec<String>,
    /// The views and materialized views the file declares (skipped), by name, with their kind.
    views: BTreeMap<String, &'static str>,
}

impl<'a> Reader<'a> {
    fn new(path: &'a Path, text: &'a str, spelling: &'a dyn Spelling) -> Self {
        let line_starts =
            std::iter::once(0).chain(text.char_indices().filter(|(_, c)| *c == '\n').map(|(i, _)| i + 1)).collect();
        Self {
            path,
            spelling,
            text,
            line_starts,
            schema: Schema::new(),
            table_lines: BTreeMap::new(),
            enums: BTreeMap::new(),
            enum_lines: BTreeMap::new(),
            domains: BTreeMap::new(),
            sequences: BTreeMap::new(),
            expression_entries: BTreeSet::new(),
            notes: Vec::new(),
            virtual_tables: Vec::new(),
            views: BTreeMap::new(),
        }
    }

    /// The tokens without the statements the dialect's spelling says the grammar cannot
    /// read (stored routines between `DELIMITER` lines), each noted as skipped.
    fn without_unreadable_objects(&mut self, tokens: Vec<TokenWithSpan>) -> Vec<TokenWithSpan> {
        let objects = self.spelling.unreadable_objects(&tokens);
        if objects.is_empty() {
            return tokens;
        }
        let mut out = Vec::with_capacity(tokens.len());
        let mut objects = objects.into_iter().peekable();
        for (i, token) in tokens.into_iter().enumerate() {
            while objects.peek().is_some_and(|o| o.tokens.end <= i) {
                objects.next();
            }
            match objects.peek() {
                Some(object) if object.tokens.contains(&i) => {
                    if i == object.tokens.start {
                        let (kind, what) = match object.kind {
                            RoutineKind::Procedure => (Skipped::Procedure, "procedure"),
                            RoutineKind::Function => (Skipped::Function, "function"),
                            RoutineKind::Trigger => (Skipped::Trigger, "trigger"),
                            RoutineKind::Event => (Skipped::Event, "event"),
                        };
                        let note = format!("skipped {what} '{}' ({what}s are not managed yet)", object.name);
                        self.skip(token.span.start.line, kind, note);
                    }
                }
                _ => out.push(token),
            }
        }
        out
    }

    /// The tokens without the clauses the dialect's spelling says the grammar cannot read
    /// and the model does not hold (SQLite's `ON CONFLICT` of a constraint), each noted.
    fn without_unreadable_clauses(&mut self, tokens: Vec<TokenWithSpan>) -> Vec<TokenWithSpan> {
        let clauses = self.spelling.unreadable_clauses(&tokens);
        if clauses.is_empty() {
            return tokens;
        }
        for clause in &clauses {
            self.note(tokens[clause.tokens.start].span.start.line, clause.note.clone());
        }
        let gone = |i: usize| clauses.iter().any(|c| c.tokens.contains(&i));
        tokens.into_iter().enumerate().filter(|(i, _)| !gone(*i)).map(|(_, t)| t).collect()
    }

    /// Skips the statement that starts at token `start` (the parser may be anywhere in it) up
    /// to its closing `;`, noting it as a skipped `kind` the grammar could not read whole.
    fn skip_unreadable(&mut self, parser: &mut Parser, start: usize, kind: Skipped, line: u64, from: Location) {
        // Back to the statement's first word, and no further: before it there may be only
        // comments, and sqlparser cannot step back over whitespace at the file's start.
        while parser.get_current_index() > start && parser.peek_token_ref().span.start != from {
            parser.prev_token();
        }
        while parser.get_current_index() < start {
            parser.next_token();
        }
        if let (Some(name), Skipped::View | Skipped::MaterializedView) = (view_name(parser), kind) {
            self.views.insert(name, if kind == Skipped::View { "view" } else { "materialized view" });
        }
        let mut depth = 0usize;
        loop {
            let token = parser.peek_token();
            match token.token {
                Token::EOF => break,
                Token::SemiColon if depth == 0 => break,
                Token::LParen => depth += 1,
                Token::RParen => depth = depth.saturating_sub(1),
                _ => {}
            }
            parser.next_token();
        }
        let excerpt = self.excerpt(from, parser.get_current_token().span.end);
        self.skip(line, kind, format!("skipped '{excerpt}' (not managed; read as a whole statement)"));
    }

    /// A note of its own: something read but not kept.
    fn note(&mut self, line: u64, text: impl Into<String>) {
        self.notes.push(Note { line, skipped: None, text: text.into() });
    }

    /// A skipped statement of the given kind, summed up with the others of its kind.
    fn skip(&mut self, line: u64, kind: Skipped, text: impl Into<String>) {
        self.notes.push(Note { line, skipped: Some(kind), text: text.into() });
    }

    fn invalid(&self, message: impl Into<String>) -> SourceError {
        SourceError::Invalid { path: self.path.to_path_buf(), message: message.into() }
    }

    fn unsupported(&self, line: u64, excerpt: &str, reason: impl Into<String>) -> SourceError {
        SourceError::Unsupported {
            path: self.path.to_path_buf(),
            line,
            statement: excerpt.to_string(),
            reason: reason.into(),
        }
    }

    /// A parser error as a [`SourceError::Parse`] on the line the parser reports, or on
    /// the statement's first line when it reports none.
    fn parse_error(&self, error: ParserError, statement_line: u64) -> SourceError {
        let message = match error {
            ParserError::ParserError(m) | ParserError::TokenizerError(m) => m,
            ParserError::RecursionLimitExceeded => "statement nested too deeply".to_string(),
        };
        let (message, line) = match message.rfind(" at Line: ") {
            Some(at) => {
                let line = message[at + " at Line: ".len()..]
                    .split(',')
                    .next()
                    .and_then(|n| n.trim().parse().ok())
                    .unwrap_or(statement_line);
                (message[..at].to_string(), line)
            }
            None => (message, statement_line),
        };
        SourceError::Parse { path: self.path.to_path_buf(), line, message }
    }

    /// Byte offset of a parser location (1-based line and character column).
    fn offset(&self, at: Location) -> usize {
        let Some(&start) =
            usize::try_from(at.line).ok().and_then(|l| l.checked_sub(1)).and_then(|l| self.line_starts.get(l))
        else {
            return self.text.len();
        };
        let column = usize::try_from(at.column.saturating_sub(1)).unwrap_or(usize::MAX);
        self.text[start..].char_indices().nth(column).map_or(self.text.len(), |(i, _)| start + i)
    }

    /// The statement between two locations as written, whitespace collapsed, cut to
    /// [`STATEMENT_EXCERPT`] characters.
    fn excerpt(&self, start: Location, end: Location) -> String {
        let (from, to) = (self.offset(start), self.offset(end));
        let written = self.text.get(from..to.max(from)).unwrap_or_default();
        let collapsed = written.split_whitespace().collect::<Vec<_>>().join(" ");
        let cut: String = collapsed.chars().take(STATEMENT_EXCERPT).collect();
        cut.trim_end().to_string()
    }

    /// Handles the dump statements `sqlparser` has no grammar for: client commands (lines
    /// starting with a backslash, as the dialect's spelling knows them), `ALTER ... OWNER TO`, `ALTER SEQUENCE ... OWNED BY` and
    /// `ALTER TABLE ... ALTER COLUMN ... ADD GENERATED ... AS IDENTITY (SEQUENCE NAME ...)` and
    /// `ALTER TABLE ... ALTER COLUMN ... SET STATISTICS` (and the other storage settings).
    /// Returns whether it consumed the statement.
    fn dump_command(&mut self, parser: &mut Parser, line: u64) -> Result<bool, SourceError> {
        if parser.peek_token().token == Token::Backslash {
            return Ok(self.client_command(parser, line));
        }
        if is_word(&parser.peek_token(), Keyword::CREATE) && is_word(&parser.peek_nth_token(1), Keyword::DOMAIN) {
            self.create_domain(parser, line)?;
            return Ok(true);
        }
        if self.single_statement_trigger(parser, line) || self.unreadable_routine(parser, line) {
            return Ok(true);
        }
        let fulltext_or_spatial = [Keyword::FULLTEXT, Keyword::SPATIAL].into_iter().find(|k| {
            is_word(&parser.peek_token(), Keyword::CREATE)
                && is_word(&parser.peek_nth_token(1), *k)
                && is_word(&parser.peek_nth_token(2), Keyword::INDEX)
        });
        if let Some(kind) = fulltext_or_spatial {
            self.create_fulltext_or_spatial_index(parser, line, kind)?;
            return Ok(true);
        }
        if !is_word(&parser.peek_token(), Keyword::ALTER) {
            return Ok(false);
        }
        let mut statement = Vec::new();
        loop {
            let token = parser.peek_nth_token(statement.len());
            if matches!(token.token, Token::SemiColon | Token::EOF) {
                break;
            }
            statement.push(token);
        }
        let n = statement.len();
        let owner_to = n >= 3 && is_word(&statement[n - 3], Keyword::OWNER) && is_word(&statement[n - 2], Keyword::TO);
        if owner_to {
            skip_statement(parser);
            return Ok(true);
        }
        if statement.get(1).is_some_and(|t| is_word(t, Keyword::SEQUENCE)) {
            self.alter_sequence(parser, line)?;
            return Ok(true);
        }
        if statement.get(1).is_some_and(|t| is_word(t, Keyword::DOMAIN)) {
            self.alter_domain(parser, line)?;
            return Ok(true);
        }
        let alter_table = statement.get(1).is_some_and(|t| is_word(t, Keyword::TABLE));
        let add_generated =
            statement.windows(2).any(|w| is_word(&w[0], Keyword::ADD) && is_word(&w[1], Keyword::GENERATED));
        if alter_table && add_generated {
            self.alter_column_add_identity(parser, line)?;
            return Ok(true);
        }
        if let Some(setting) = storage_setting(&statement).filter(|_| alter_table) {
            self.alter_column_storage(parser, line, &setting)?;
            return Ok(true);
        }
        Ok(false)
    }

    /// A line starting with a backslash, as the database's client tool reads it; returns
    /// whether the line was consumed.
    fn client_command(&mut self, parser: &mut Parser, line: u64) -> bool {
        let mut words = Vec::new();
        loop {
            let token = parser.peek_nth_token(words.len());
            if token.token == Token::EOF || token.span.start.line != line {
                break;
            }
            words.push(token.token.to_string());
        }
        let note = match self.spelling.client_command(&words) {
            ClientCommand::Unknown => return false,
            ClientCommand::Bookkeeping => None,
            ClientCommand::Skipped(note) => Some(note),
        };
        for _ in &words {
            parser.next_token();
        }
        if let Some(note) = note {
            self.skip(line, Skipped::ClientCommand, note);
        }
        true
    }

    /// A stored routine whose text the grammar cannot read (MySQL's `CREATE FUNCTION`, a
    /// procedure's characteristics): skipped whole with a note, as a readable one is. Only a
    /// routine that ends its statement (a body closed by `END`, or none) is taken; returns
    /// whether it was consumed.
    fn unreadable_routine(&mut self, parser: &mut Parser, line: u64) -> bool {
        if !is_word(&parser.peek_token(), Keyword::CREATE) {
            return false;
        }
        let mut statement = Vec::new();
        while !matches!(parser.peek_nth_token(statement.len()).token, Token::SemiColon | Token::EOF) {
            statement.push(parser.peek_nth_token(statement.len()));
        }
        let head = statement.iter().take(10).take_while(|t| t.token != Token::LParen);
        let Some(kind_at) = head.clone().position(|t| is_word(t, Keyword::PROCEDURE) || is_word(t, Keyword::FUNCTION))
        else {
            return false;
        };
        let whole = statement.last().is_some_and(|t| is_word(t, Keyword::END))
            || !statement.iter().any(|t| is_word(t, Keyword::BEGIN));
        let grammar = self.spelling.grammar();
        let readable =
            Parser::new(grammar.as_ref()).with_tokens_with_locations(statement.clone()).parse_statement().is_ok();
        if readable || !whole {
            return false;
        }
        let name = statement[kind_at + 1..]
            .iter()
            .take_while(|t| t.token != Token::LParen)
            .filter_map(|t| match &t.token {
                Token::Word(w) => Some(w.value.clone()),
                _ => None,
            })
            .last()
            .unwrap_or_default();
        let (kind, text) = if is_word(&statement[kind_at], Keyword::PROCEDURE) {
            (Skipped::Procedure, format!("skipped procedure '{name}' (procedures are not managed yet)"))
        } else {
            (Skipped::Function, format!("skipped function '{name}' (functions are not managed yet)"))
        };
        skip_statement(parser);
        self.skip(line, kind, text);
        true
    }

    /// `CREATE DOMAIN`: a named type of its own where the database keeps them; elsewhere
    /// kept for the columns typed by it, and noted.
    fn create_domain(&mut self, parser: &mut Parser, line: u64) -> Result<(), SourceError> {
        let (name, domain) = domain::parse(parser).map_err(|e| self.parse_error(e, line))?;
        let name = bare_name(&name);
        if self.spelling.keeps_named_types() {
            if !domain.not_kept.is_empty() {
                let note = format!("domain '{name}': not modelled, so not kept: {}", domain.not_kept.join(", "));
                self.note(line, note);
            }
            let definition = domain::definition(&domain, self.spelling);
            self.schema.types.insert(name.clone(), TypeDef::Domain(definition));
        } else {
            self.note(line, domain::note(&name, &domain));
        }
        self.domains.insert(name, domain);
        Ok(())
    }

    /// The type a column names by itself: an enum type declared earlier, or a domain.
    /// A domain inside another type (an array of it) is not modelled, and noted.
    fn named_type(&mut self, table: &mut Table, column: &mut Column, data_type: &DataType, line: u64) {
        let DataType::Custom(type_name, modifiers) = data_type else {
            let text = data_type.to_string();
            let words: Vec<&str> = text.split(|c: char| !(c.is_alphanumeric() || c == '_')).collect();
            let kept = self.spelling.keeps_named_types();
            if let Some(domain) = self.domains.keys().find(|d| !kept && words.contains(&d.as_str())).cloned() {
                let note = format!(
                    "column '{}.{}' has type {text} built on domain '{domain}', which is not modelled",
                    table.name, column.name
                );
                self.note(line, note);
            }
            return;
        };
        let type_name = bare_name(type_name);
        if let (Some(values), true) = (self.enums.get(&type_name), modifiers.is_empty()) {
            column.r#type = ColumnType::Enum { name: Some(type_name), values: values.clone() };
        } else if let Some(domain) = self.domains.get(&type_name) {
            if self.spelling.keeps_named_types() {
                column.r#type = self.spelling.read_type(&data_type.to_string());
            } else {
                domain::apply(domain, self.spelling, table, column);
            }
            if !modifiers.is_empty() {
                let note = format!(
                    "column '{}.{}' gives domain '{type_name}' modifiers ({}), which are not kept",
                    table.name,
                    column.name,
                    modifiers.iter().map(ToString::to_string).collect::<Vec<_>>().join(", ")
                );
                self.note(line, note);
            }
        }
    }

    /// `ALTER DOMAIN d ADD [CONSTRAINT n] CHECK (e) [NOT VALID]` (how a dump adds a check
    /// that is not validated) adds the check to the domain; other domain changes are
    /// skipped with a note.
    fn alter_domain(&mut self, parser: &mut Parser, line: u64) -> Result<(), SourceError> {
        let start = parser.get_current_index();
        let added = domain::parse_added_check(parser).map_err(|e| self.parse_error(e, line))?;
        let at_end = matches!(parser.peek_token().token, Token::SemiColon | Token::EOF);
        match added.map(|a| (bare_name(&a.domain), a)) {
            Some((domain, added)) if at_end && self.domains.contains_key(&domain) => {
                if added.not_valid {
                    let note = format!("domain '{domain}': NOT VALID is not kept; the check is created validated");
                    self.note(line, note);
                }
                if let Some(TypeDef::Domain(d)) = self.schema.types.get_mut(&domain) {
                    let expression = added.check.to_string();
                    d.checks.push(CheckConstraint { name: added.name.clone(), expression });
                }
                if let Some(d) = self.domains.get_mut(&domain) {
                    d.checks.push((added.name, added.check));
                }
            }
            _ => {
                while parser.get_current_index() > start {
                    parser.prev_token();
                }
                while parser.get_current_index() < start {
                    parser.next_token();
                }
                let from = parser.peek_token().span.start;
                skip_statement(parser);
                let excerpt = self.excerpt(from, parser.get_current_token().span.end);
                self.skip(line, Skipped::OtherObject, format!("skipped '{excerpt}' (domain changes are not read)"));
            }
        }
        Ok(())
    }

    /// `ALTER SEQUENCE [IF EXISTS] s OWNED BY t.c` marks `t.c` autoincrement; other
    /// sequence changes are noted as skipped.
    fn alter_sequence(&mut self, parser: &mut Parser, line: u64) -> Result<(), SourceError> {
        let parse = |e| self.parse_error(e, line);
        parser.expect_keyword_is(Keyword::ALTER).map_err(parse)?;
        parser.expect_keyword_is(Keyword::SEQUENCE).map_err(parse)?;
        let _ = parser.parse_keywords(&[Keyword::IF, Keyword::EXISTS]);
        let sequence = parser.parse_object_name(false).map_err(parse)?;
        let sequence = bare_name(&sequence);
        if parser.parse_keywords(&[Keyword::OWNED, Keyword::BY]) {
            if !parser.parse_keyword(Keyword::NONE) {
                let owner = parser.parse_object_name(false).map_err(|e| self.parse_error(e, line))?;
                self.sequence_owned_by(&sequence, &owner, line)?;
            }
            if matches!(parser.peek_token().token, Token::SemiColon | Token::EOF) {
                return Ok(());
            }
        }
        skip_statement(parser);
        self.skip(
            line,
            Skipped::SequenceChange,
            format!("skipped ALTER SEQUENCE '{sequence}' (sequence options are not managed)"),
        );
        Ok(())
    }

    /// `OWNED BY [schema.]table.column`: the column draws its values from the sequence.
    fn sequence_owned_by(&mut self, sequence: &str, owner: &ObjectName, line: u64) -> Result<(), SourceError> {
        let parts: Vec<String> = owner.0.iter().map(part_name).collect();
        let [.., table, column] = parts.as_slice() else {
            return Err(self.invalid(format!(
                "sequence '{sequence}' (line {line}) is owned by '{owner}', which is not a table column"
            )));
        };
        self.column_mut(table, column, line)?.autoincrement = true;
        self.sequences.entry(sequence.to_string()).or_insert((line, true)).1 = true;
        Ok(())
    }

    /// Whether a column default draws its values from a sequence (the dialect says which
    /// defaults do); the sequence is then not a standalone one.
    fn draws_from_sequence(&mut self, default: &Expr, line: u64) -> bool {
        let Some(sequence) = self.spelling.default_sequence(default) else { return false };
        if !sequence.is_empty() {
            self.sequences.entry(sequence).or_insert((line, true)).1 = true;
        }
        true
    }

    /// Reads `ALTER TABLE [IF EXISTS] [ONLY] t ALTER [COLUMN] c`, returning the table and
    /// the column; what follows is the caller's.
    fn altered_column(&self, parser: &mut Parser, line: u64) -> Result<(ObjectName, Ident), SourceError> {
        let parse = |e| self.parse_error(e, line);
        parser.expect_keyword_is(Keyword::ALTER).map_err(parse)?;
        parser.expect_keyword_is(Keyword::TABLE).map_err(parse)?;
        let _ = parser.parse_keywords(&[Keyword::IF, Keyword::EXISTS]);
        let _ = parser.parse_keyword(Keyword::ONLY);
        let table = parser.parse_object_name(false).map_err(parse)?;
        parser.expect_keyword_is(Keyword::ALTER).map_err(parse)?;
        let _ = parser.parse_keyword(Keyword::COLUMN);
        let column = parser.parse_identifier().map_err(parse)?;
        Ok((table, column))
    }

    /// A `CREATE ... TRIGGER ... FOR EACH ROW <statement>` whose body is one statement
    /// without `BEGIN ... END` (as mysqldump writes them): the grammar would read the rest
    /// of the file as its body, so it is skipped here, up to its closing `;`, with a note.
    /// Returns whether it consumed the statement.
    fn single_statement_trigger(&mut self, parser: &mut Parser, line: u64) -> bool {
        if !is_word(&parser.peek_token(), Keyword::CREATE) {
            return false;
        }
        let mut n = 1;
        let at = |parser: &Parser, n: usize| parser.peek_nth_token(n);
        while !is_word(&at(parser, n), Keyword::TRIGGER) {
            if n > 12 || matches!(at(parser, n).token, Token::SemiColon | Token::EOF | Token::LParen) {
                return false;
            }
            n += 1;
        }
        let name = at(parser, n + 1).token.to_string();
        loop {
            n += 1;
            let token = at(parser, n);
            if matches!(token.token, Token::SemiColon | Token::EOF) || is_word(&token, Keyword::BEGIN) {
                return false;
            }
            let for_each = is_word(&token, Keyword::FOR) && is_word(&at(parser, n + 1), Keyword::EACH);
            if for_each {
                break;
            }
        }
        let mut body = n + 3;
        let ordered = |t: TokenWithSpan| matches!(t.token, Token::Word(w) if ["FOLLOWS", "PRECEDES"].contains(&w.value.to_ascii_uppercase().as_str()));
        if ordered(at(parser, body)) {
            body += 2;
        }
        let first = at(parser, body);
        if [Keyword::BEGIN, Keyword::EXECUTE, Keyword::WHEN].iter().any(|k| is_word(&first, *k)) {
            return false;
        }
        skip_statement(parser);
        let name = name.trim_matches(['`', '"']).rsplit('.').next().unwrap_or_default().to_string();
        self.skip(line, Skipped::Trigger, format!("skipped trigger '{name}' (triggers are not managed yet)"));
        true
    }

    /// `CREATE FULLTEXT INDEX` / `CREATE SPATIAL INDEX` (MySQL's), which the grammar reads
    /// only inside `CREATE TABLE`: an index with the method `fulltext` or `spatial`.
    fn create_fulltext_or_spatial_index(
        &mut self,
        parser: &mut Parser,
        line: u64,
        kind: Keyword,
    ) -> Result<(), SourceError> {
        let start = parser.peek_token().span.start;
        let parse = |e| self.parse_error(e, line);
        parser.expect_keyword_is(Keyword::CREATE).map_err(parse)?;
        parser.expect_keyword_is(kind).map_err(parse)?;
        parser.expect_keyword_is(Keyword::INDEX).map_err(parse)?;
        let create = parser.parse_create_index(false).map_err(|e| self.parse_error(e, line))?;
        let excerpt = self.excerpt(start, parser.get_current_token().span.end);
        let method = if kind == Keyword::FULLTEXT { "fulltext" } else { "spatial" };
        self.create_index_with(create, line, &excerpt, Some(method.to_string()))
    }

    /// `ALTER TABLE [ONLY] t ALTER [COLUMN] c ADD GENERATED {ALWAYS | BY DEFAULT} AS
    /// IDENTITY [(options)]`, as pg_dump writes it (with `SEQUENCE NAME`, which the grammar
    /// lacks): the column is an identity column with those options.
    fn alter_column_add_identity(&mut self, parser: &mut Parser, line: u64) -> Result<(), SourceError> {
        let (table, column) = self.altered_column(parser, line)?;
        let (table, column) = (bare_name(&table), column.value);
        let parse = |e| self.parse_error(e, line);
        parser.expect_keyword_is(Keyword::ADD).map_err(parse)?;
        parser.expect_keyword_is(Keyword::GENERATED).map_err(parse)?;
        let always = parser.parse_keyword(Keyword::ALWAYS);
        if !always {
            parser.expect_keywords(&[Keyword::BY, Keyword::DEFAULT]).map_err(parse)?;
        }
        parser.expect_keywords(&[Keyword::AS, Keyword::IDENTITY]).map_err(parse)?;
        let (options, sequence) = if parser.consume_token(&Token::LParen) {
            self.identity_options(parser, line)?
        } else {
            (Vec::new(), None)
        };
        let column_type = self.column_mut(&table, &column, line)?.r#type.clone();
        let (identity, mut not_kept) = features::identity(always, &options, &column_type);
        let default_sequence = format!("{table}_{column}_seq");
        not_kept.extend(sequence.filter(|s| *s != default_sequence).map(|s| format!("SEQUENCE NAME {s}")));
        let found = self.column_mut(&table, &column, line)?;
        found.autoincrement = true;
        found.identity = identity;
        self.not_kept(line, &format!("identity of column '{table}.{column}'"), &not_kept);
        Ok(())
    }

    /// The parenthesised options of an identity column up to the closing parenthesis, and
    /// its `SEQUENCE NAME` (unqualified) if given. The options are read by the grammar's
    /// own sequence options (as `CREATE SEQUENCE` would), without the name.
    fn identity_options(
        &self,
        parser: &mut Parser,
        line: u64,
    ) -> Result<(Vec<SequenceOptions>, Option<String>), SourceError> {
        let parse = |e| self.parse_error(e, line);
        let mut sequence = None;
        let mut tokens = Vec::new();
        loop {
            if parser.parse_keywords(&[Keyword::SEQUENCE, Keyword::NAME]) {
                sequence = Some(bare_name(&parser.parse_object_name(false).map_err(parse)?));
                continue;
            }
            let token = parser.next_token();
            match token.token {
                Token::RParen => break,
                Token::EOF | Token::SemiColon => {
                    return Err(SourceError::Parse {
                        path: self.path.to_path_buf(),
                        line,
                        message: "identity options are not closed with ')'".to_string(),
                    })
                }
                _ => tokens.push(token),
            }
        }
        let mut statement: Vec<TokenWithSpan> = ["CREATE", "SEQUENCE", "identity"]
            .iter()
            .flat_map(|w| {
                [
                    TokenWithSpan::wrap(Token::make_word(w, None)),
                    TokenWithSpan::wrap(Token::Whitespace(sqlparser::tokenizer::Whitespace::Space)),
                ]
            })
            .collect();
        statement.extend(tokens);
        let grammar = self.spelling.grammar();
        let parsed =
            Parser::new(grammar.as_ref()).with_tokens_with_locations(statement).parse_statement().map_err(parse)?;
        let Statement::CreateSequence { sequence_options, .. } = parsed else {
            return Err(self.parse_error(ParserError::ParserError("expected identity options".into()), line));
        };
        Ok((sequence_options, sequence))
    }

    /// One note naming what of `what` was read but is not kept, if anything.
    fn not_kept(&mut self, line: u64, what: &str, not_kept: &[String]) {
        if !not_kept.is_empty() {
            self.note(line, format!("{what}: not modelled, so not kept: {}", not_kept.join(", ")));
        }
    }

    /// `ALTER TABLE [ONLY] t ALTER [COLUMN] c SET STATISTICS n` (or `SET STORAGE`,
    /// `SET COMPRESSION`, `SET (...)`, `RESET (...)`): how the column is stored and planned,
    /// which has no bearing on the schema. Noted as skipped.
    fn alter_column_storage(&mut self, parser: &mut Parser, line: u64, setting: &str) -> Result<(), SourceError> {
        let (table, column) = self.altered_column(parser, line)?;
        skip_statement(parser);
        let note = format!(
            "skipped {setting} of column '{}.{}' (storage and planner settings have no bearing on the schema)",
            bare_name(&table),
            column.value
        );
        self.skip(line, Skipped::StorageSetting, note);
        Ok(())
    }

    /// The declared table `name` means: itself, or where table names fold, the declared
    /// table spelled the same in another case.
    fn resolve_table(&self, name: &str) -> String {
        if self.schema.tables.contains_key(name) || !self.spelling.table_names_fold() {
            return name.to_string();
        }
        let same = self.schema.tables.keys().find(|t| t.eq_ignore_ascii_case(name));
        same.cloned().unwrap_or_else(|| name.to_string())
    }

    /// Where column names fold, every key, index and foreign key names its columns as they
    /// were declared (`UNIQUE (token)` of a column `Token`).
    fn resolve_columns(&mut self) {
        if !self.spelling.column_names_fold() {
            return;
        }
        let declared: BTreeMap<String, Vec<String>> = self
            .schema
            .tables
            .iter()
            .map(|(name, t)| (name.clone(), t.columns.iter().map(|c| c.name.clone()).collect()))
            .collect();
        let resolve = |table: &str, column: &mut String| {
            let Some(columns) = declared.get(table) else { return };
            let (name, prefix) = match prefix_key(column) {
                Some((name, length)) => (name.to_string(), format!("({length})")),
                None => (column.clone(), String::new()),
            };
            if !columns.contains(&name) {
                if let Some(same) = columns.iter().find(|c| c.eq_ignore_ascii_case(&name)) {
                    *column = format!("{same}{prefix}");
                }
            }
        };
        for (name, table) in &mut self.schema.tables {
            let keys = table.primary_key.iter_mut().flat_map(|pk| pk.columns.iter_mut());
            let keys = keys.chain(table.unique_constraints.iter_mut().flat_map(|u| u.columns.iter_mut()));
            let keys = keys.chain(table.indexes.iter_mut().flat_map(|i| i.columns.iter_mut().chain(&mut i.include)));
            keys.chain(table.foreign_keys.iter_mut().flat_map(|fk| fk.columns.iter_mut()))
                .for_each(|c| resolve(name, c));
            for fk in &mut table.foreign_keys {
                fk.referred_columns.iter_mut().for_each(|c| resolve(&fk.referred_table, c));
            }
        }
    }

    fn table_mut(&mut self, table: &str, line: u64) -> Result<&mut Table, SourceError> {
        let table = &self.resolve_table(table);
        if !self.schema.tables.contains_key(table) {
            return Err(self.invalid(format!("line {line} changes table '{table}', which is not declared")));
        }
        self.schema.tables.get_mut(table).ok_or_else(|| unreachable_table(self.path, table))
    }

    fn column_mut(&mut self, table: &str, column: &str, line: u64) -> Result<&mut Column, SourceError> {
        let (path, fold) = (self.path, self.spelling.column_names_fold());
        let found = self.table_mut(table, line)?;
        let at = (found.columns.iter().position(|c| c.name == column))
            .or_else(|| found.columns.iter().position(|c| fold && c.name.eq_ignore_ascii_case(column)));
        at.map(|at| &mut found.columns[at]).ok_or_else(|| SourceError::Invalid {
            path: path.to_path_buf(),
            message: format!("line {line} names column '{table}.{column}', which is not declared"),
        })
    }

    /// Applies one parsed statement.
    fn statement(&mut self, statement: Statement, line: u64, excerpt: &str) -> Result<(), SourceError> {
        match statement {
            Statement::CreateTable(create) => self.create_table(create, line, excerpt)?,
            Statement::CreateIndex(create) => self.create_index(create, line, excerpt)?,
            Statement::AlterTable(alter) => {
                let table_name = bare_name(&alter.name);
                for operation in alter.operations {
                    self.alter_table(&table_name, operation, line, excerpt)?;
                }
            }
            Statement::CreateType { name, representation } => {
                let name = bare_name(&name);
                match representation {
                    Some(UserDefinedTypeRepresentation::Enum { labels }) => {
                        let labels: Vec<String> = labels.into_iter().map(|l| l.value).collect();
                        self.schema.types.insert(name.clone(), TypeDef::Enum(labels.clone()));
                        self.enum_lines.insert(name.clone(), line);
                        self.enums.insert(name, labels);
                    }
                    _ => self.skip(line, Skipped::Type, format!("skipped type '{name}' (only enum types are managed)")),
                }
            }
            Statement::CreateSequence { name, sequence_options, .. } => {
                let name = bare_name(&name);
                self.sequences.entry(name.clone()).or_insert((line, false));
                for option in &sequence_options {
                    if let SequenceOptions::OwnedBy(Some(owner)) = option {
                        self.sequence_owned_by(&name, owner, line)?;
                    }
                }
            }
            Statement::Comment { object_type, object_name, comment, .. } => {
                self.comment(&object_type, &object_name, comment, line, excerpt)?
            }
            Statement::Drop {
                object_type: object_type @ (ObjectType::Table | ObjectType::View),
                if_exists: true,
                names,
                ..
            } => {
                for name in names {
                    let name = bare_name(&name);
                    let note = format!("ignored DROP {object_type} IF EXISTS '{name}' (a schema file only declares)");
                    self.skip(line, Skipped::Drop, note);
                }
            }
            // Session settings and dump bookkeeping: no bearing on the schema.
            Statement::Set(_)
            | Statement::LockTables { .. }
            | Statement::UnlockTables
            | Statement::StartTransaction { .. }
            | Statement::Commit { .. }
            | Statement::Pragma { .. }
            | Statement::Use(_) => {}
            Statement::Query(query) if self.spelling.is_session_query(&query) => {}
            other => {
                if let Statement::CreateVirtualTable { name, .. } = &other {
                    self.virtual_tables.push(bare_name(name));
                }
                if let Statement::CreateView(view) = &other {
                    let kind = if view.materialized { "materialized view" } else { "view" };
                    self.views.insert(bare_name(&view.name), kind);
                }
                match skipped_object(&other, excerpt) {
                    Some((kind, note)) => self.skip(line, kind, note),
                    None => return Err(self.unsupported(
                        line,
                        excerpt,
                        "a schema file holds CREATE TABLE, CREATE INDEX, ALTER TABLE ... ADD CONSTRAINT and the like",
                    )),
                }
            }
        }
        Ok(())
    }

    /// `CREATE TABLE`, declared column by column.
    fn create_table(&mut self, create: CreateTable, line: u64, excerpt: &str) -> Result<(), SourceError> {
        if create.query.is_some() || create.like.is_some() || create.clone.is_some() {
            return Err(self.unsupported(line, excerpt, "a table must be declared column by column"));
        }
        let name = bare_name(&create.name);
        if let Some(note) = self.spelling.internal_table(&name) {
            self.skip(line, Skipped::InternalTable, note);
            return Ok(());
        }
        if let Some(owner) =
            self.virtual_tables.iter().find(|v| create.if_not_exists && name.starts_with(&format!("{v}_")))
        {
            let note = format!("skipped shadow table '{name}' of virtual table '{owner}'");
            self.skip(line, Skipped::InternalTable, note);
            return Ok(());
        }
        if let Some(&first) = self.table_lines.get(&name) {
            if create.if_not_exists {
                let note =
                    format!("skipped second CREATE TABLE IF NOT EXISTS '{name}' (first declared on line {first})");
                self.note(line, note);
                return Ok(());
            }
            return Err(self.invalid(format!("table '{name}' is declared twice (lines {first} and {line})")));
        }
        let mut table = Table::new(name.clone());
        for def in &create.columns {
            self.column(&mut table, def, line)?;
        }
        let kind = table_kind(&create);
        for constraint in create.constraints {
            self.table_constraint(&mut table, constraint, line)?;
        }
        if let Some(comment) = &create.comment {
            table.comment = Some(comment_text(comment));
        }
        self.table_options(&mut table, &create.table_options, line);
        table.options = create.sqlite_table_options.options.iter().map(ToString::to_string).collect();
        self.not_kept(line, &format!("table '{name}'"), &kind);
        self.table_lines.insert(name, line);
        self.schema.insert(table);
        Ok(())
    }

    /// The options after a `CREATE TABLE` list: the comment, the default character set and
    /// collation (a column's equal to them is the default, `None`), and a note naming the
    /// options the model does not hold.
    fn table_options(&mut self, table: &mut Table, options: &CreateTableOptions, line: u64) {
        let options = match options {
            CreateTableOptions::Plain(o)
            | CreateTableOptions::With(o)
            | CreateTableOptions::Options(o)
            | CreateTableOptions::TableProperties(o) => o.as_slice(),
            CreateTableOptions::None => &[],
        };
        let mut not_kept = Vec::new();
        for option in options {
            let (key, value) = match option {
                SqlOption::Comment(comment) => {
                    table.comment = Some(comment_text(comment));
                    continue;
                }
                SqlOption::KeyValue { key, value } => (key.to_string(), value.to_string()),
                SqlOption::NamedParenthesizedList(list) => {
                    (list.key.value.clone(), list.name.as_ref().map(|n| n.value.clone()).unwrap_or_default())
                }
                other => (other.to_string(), String::new()),
            };
            match self.spelling.table_option(&key, &value) {
                TableOption::Charset(charset) => table.charset = Some(charset),
                TableOption::Collation(collation) => table.collation = Some(collation),
                TableOption::Bookkeeping => {}
                TableOption::NotKept => not_kept.push(option.to_string()),
            }
        }
        for column in &mut table.columns {
            if column.charset.is_some() && column.charset == table.charset {
                column.charset = None;
            }
            if column.collation.is_some() && column.collation == table.collation {
                column.collation = None;
            }
        }
        self.not_kept(line, &format!("table '{}'", table.name), &not_kept);
    }

    /// `CREATE [UNIQUE] INDEX name ON table [USING method] (...)`.
    fn create_index(&mut self, create: CreateIndex, line: u64, excerpt: &str) -> Result<(), SourceError> {
        self.create_index_with(create, line, excerpt, None)
    }

    /// `CREATE [UNIQUE] INDEX`, with the method its kind of index gives it (`fulltext`) or
    /// `None` for the one it names with `USING`.
    fn create_index_with(
        &mut self,
        create: CreateIndex,
        line: u64,
        excerpt: &str,
        method: Option<String>,
    ) -> Result<(), SourceError> {
        let table_name = self.resolve_table(&bare_name(&create.table_name));
        let Some(name) = create.name.as_ref().map(bare_name) else {
            return Err(self.unsupported(line, excerpt, "an index needs a name"));
        };
        if let (false, Some(kind)) = (self.schema.tables.contains_key(&table_name), self.views.get(&table_name)) {
            let note = format!("skipped index '{name}' on {kind} '{table_name}' (views are not managed yet)");
            self.skip(line, Skipped::IndexOnView, note);
            return Ok(());
        }
        if !self.schema.tables.contains_key(&table_name) {
            return Err(
                self.invalid(format!("index '{name}' (line {line}) is on table '{table_name}', which is not declared"))
            );
        }
        let keys = self.index_keys(&table_name, &create.columns);
        let mut not_kept: Vec<String> = create.with.iter().map(|w| format!("WITH ({w})")).collect();
        not_kept.extend(index_comments(&create.index_options));
        let index = Index {
            name: name.clone(),
            unique: create.unique,
            predicate: create.predicate.as_ref().map(ToString::to_string),
            include: create.include.iter().map(|c| c.value.clone()).collect(),
            nulls_not_distinct: create.nulls_distinct == Some(false),
            method: method.or_else(|| features::method_of(create.using.as_ref(), &create.index_options)),
            ..keys
        };
        self.not_kept(line, &format!("index '{name}'"), &not_kept);
        let table = self.table_mut(&table_name, line)?;
        if table.indexes.iter().any(|i| i.name == name) {
            if create.if_not_exists {
                return Ok(());
            }
            return Err(self.invalid(format!("index '{name}' on '{table_name}' is declared twice")));
        }
        table.indexes.push(index);
        Ok(())
    }

    /// `COMMENT ON TABLE t` / `COMMENT ON COLUMN t.c`; comments on other objects are noted.
    fn comment(
        &mut self,
        object_type: &CommentObject,
        object_name: &ObjectName,
        comment: Option<String>,
        line: u64,
        excerpt: &str,
    ) -> Result<(), SourceError> {
        match object_type {
            CommentObject::Table => {
                let table = bare_name(object_name);
                self.table_mut(&table, line)?.comment = comment;
            }
            CommentObject::Column => {
                let parts: Vec<String> = object_name.0.iter().map(part_name).collect();
                let [.., table, column] = parts.as_slice() else {
                    return Err(self.unsupported(line, excerpt, "a column comment names table.column"));
                };
                self.column_mut(table, column, line)?.comment = comment;
            }
            other => {
                let note = format!("skipped comment on {} '{}'", object_kind(other), bare_name(object_name));
                self.skip(line, Skipped::Comment, note);
            }
        }
        Ok(())
    }

    /// One column of a `CREATE TABLE` (or `ALTER TABLE ... ADD COLUMN`).
    fn column(&mut self, table: &mut Table, def: &ColumnDef, line: u64) -> Result<(), SourceError> {
        let name = def.name.value.clone();
        if table.column(&name).is_some() {
            return Err(self.invalid(format!("column '{}.{name}' (line {line}) is declared twice", table.name)));
        }
        let type_text = def.data_type.to_string();
        let mut column = Column::new(name.clone(), self.spelling.read_type(&type_text));
        column.autoincrement = self.spelling.type_is_autoincrement(&type_text);
        self.named_type(table, &mut column, &def.data_type, line);
        for option in &def.options {
            let constraint_name = option.name.as_ref().map(|n| n.value.clone());
            match &option.option {
                ColumnOption::PrimaryKey(pk) => {
                    let key = PrimaryKey {
                        name: constraint_name.or(pk.name.as_ref().map(|n| n.value.clone())),
                        columns: vec![name.clone()],
                    };
                    self.key_characteristics(&table.name, "primary key", pk.characteristics.as_ref(), line);
                    self.set_primary_key(table, key, line)?;
                }
                ColumnOption::Unique(unique) => {
                    let what = format!("unique constraint on '{}.{name}'", table.name);
                    let not_kept = features::unenforced(unique.characteristics.as_ref());
                    self.not_kept(line, &what, &not_kept);
                    table.unique_constraints.push(UniqueConstraint {
                        name: constraint_name.or(unique.name.as_ref().map(|n| n.value.clone())),
                        columns: vec![name.clone()],
                        nulls_not_distinct: unique.nulls_distinct == NullsDistinctOption::NotDistinct,
                        deferrable: features::deferrable(unique.characteristics.as_ref()),
                    });
                }
                ColumnOption::ForeignKey(fk) => {
                    let mut key = self.foreign_key(&table.name, fk, line);
                    key.name = constraint_name.or(key.name);
                    key.columns = vec![name.clone()];
                    table.foreign_keys.push(key);
                }
                ColumnOption::Check(check) => {
                    let name = constraint_name.or(check.name.as_ref().map(|n| n.value.clone()));
                    self.check(table, name, check, line);
                }
                other => self.column_option(table, &mut column, other, line),
            }
        }
        table.columns.push(column);
        Ok(())
    }

    /// A column option that is about the column alone: nullability, default, comment,
    /// generated and identity, collation, character set, `ON UPDATE`; anything else is noted.
    fn column_option(&mut self, table: &Table, column: &mut Column, option: &ColumnOption, line: u64) {
        let qualified = format!("{}.{}", table.name, column.name);
        match option {
            ColumnOption::Null => column.nullable = true,
            ColumnOption::NotNull => column.nullable = false,
            ColumnOption::Default(Expr::Value(v)) if v.value == Value::Null => column.server_default = None,
            ColumnOption::Default(expr) if self.draws_from_sequence(expr, line) => column.autoincrement = true,
            ColumnOption::Default(expr) => column.server_default = Some(expr.to_string()),
            ColumnOption::DialectSpecific(tokens) if self.spelling.option_is_autoincrement(tokens) => {
                column.autoincrement = true;
            }
            ColumnOption::DialectSpecific(tokens) => {
                let words: Vec<String> = tokens.iter().map(|t| t.to_string()).collect();
                self.note(line, format!("ignored option '{}' of column '{qualified}'", words.join(" ")));
            }
            ColumnOption::Comment(text) => column.comment = Some(text.clone()),
            ColumnOption::Generated { generated_as, sequence_options, generation_expr: None, .. } => {
                let always = matches!(generated_as, GeneratedAs::Always);
                let options = sequence_options.as_deref().unwrap_or_default();
                let (identity, not_kept) = features::identity(always, options, &column.r#type);
                column.autoincrement = true;
                column.identity = identity;
                self.not_kept(line, &format!("identity of column '{qualified}'"), &not_kept);
            }
            ColumnOption::Generated { generated_as, generation_expr: Some(expr), generation_expr_mode, .. } => {
                let stored = match generation_expr_mode {
                    Some(mode) => *mode == GeneratedExpressionMode::Stored,
                    None => *generated_as == GeneratedAs::ExpStored || self.spelling.generated_stored_by_default(),
                };
                column.generated = Some(Generated { expression: expr.to_string(), stored });
            }
            ColumnOption::Identity(_) => column.autoincrement = true,
            ColumnOption::Collation(name) => column.collation = Some(bare_name(name)),
            ColumnOption::CharacterSet(name) => column.charset = Some(bare_name(name)),
            ColumnOption::OnUpdate(expr) => column.on_update = Some(expr.to_string()),
            other => self.note(line, format!("ignored option '{other}' of column '{qualified}'")),
        }
    }

    /// A foreign key (of a column or a table; the caller sets the columns of a column's).
    fn foreign_key(&mut self, table: &str, fk: &ForeignKeyConstraint, line: u64) -> ForeignKey {
        let mut not_kept = features::unenforced(fk.characteristics.as_ref());
        match fk.match_kind {
            Some(ConstraintReferenceMatchKind::Partial) => not_kept.push("MATCH PARTIAL".to_string()),
            Some(ConstraintReferenceMatchKind::Full | ConstraintReferenceMatchKind::Simple) | None => {}
        }
        let key = ForeignKey {
            name: fk.name.as_ref().map(|n| n.value.clone()),
            columns: fk.columns.iter().map(|c| c.value.clone()).collect(),
            referred_table: bare_name(&fk.foreign_table),
            referred_columns: fk.referred_columns.iter().map(|c| c.value.clone()).collect(),
            on_delete: fk_action(fk.on_delete.as_ref()),
            on_update: fk_action(fk.on_update.as_ref()),
            deferrable: features::deferrable(fk.characteristics.as_ref()),
            match_full: fk.match_kind == Some(ConstraintReferenceMatchKind::Full),
        };
        let what = format!("{} on '{table}'", describe("foreign key", &key.name));
        self.not_kept(line, &what, &not_kept);
        key
    }

    /// A check constraint; `NO INHERIT` and `NOT ENFORCED` are noted, not kept.
    fn check(&mut self, table: &mut Table, name: Option<String>, check: &sqlparser::ast::CheckConstraint, line: u64) {
        let mut not_kept = Vec::new();
        if check.no_inherit {
            not_kept.push("NO INHERIT".to_string());
        }
        if check.enforced == Some(false) {
            not_kept.push("NOT ENFORCED".to_string());
        }
        let what = format!("{} on '{}'", describe("check", &name), table.name);
        self.not_kept(line, &what, &not_kept);
        table.check_constraints.push(CheckConstraint { name, expression: check.expr.to_string() });
    }

    /// A primary key's characteristics, which the model does not hold (a primary key is
    /// never deferrable here): noted when it has any.
    fn key_characteristics(
        &mut self,
        table: &str,
        what: &str,
        characteristics: Option<&ConstraintCharacteristics>,
        line: u64,
    ) {
        if let Some(c) =
            characteristics.filter(|c| c.deferrable.is_some() || c.initially.is_some() || c.enforced.is_some())
        {
            self.note(line, format!("{what} on '{table}': not modelled, so not kept: {c}"));
        }
    }

    fn set_primary_key(&self, table: &mut Table, key: PrimaryKey, line: u64) -> Result<(), SourceError> {
        if table.primary_key.is_some() {
            return Err(self.invalid(format!("table '{}' has a second primary key (line {line})", table.name)));
        }
        table.primary_key = Some(key);
        Ok(())
    }

    /// A table-level constraint, from `CREATE TABLE` or `ALTER TABLE ... ADD CONSTRAINT`.
    fn table_constraint(
        &mut self,
        table: &mut Table,
        constraint: TableConstraint,
        line: u64,
    ) -> Result<(), SourceError> {
        let table_name = table.name.clone();
        match constraint {
            TableConstraint::PrimaryKey(pk) => {
                let keys = self.index_keys(&table_name, &pk.columns);
                let columns = keys.columns.clone();
                let name = pk.name.or(pk.index_name).map(|n| n.value);
                self.key_characteristics(&table_name, "primary key", pk.characteristics.as_ref(), line);
                let mut not_kept: Vec<String> = index_comments(&pk.index_options);
                if let Some(method) = features::method_of(pk.index_type.as_ref(), &pk.index_options) {
                    not_kept.push(format!("USING {}", method.to_ascii_uppercase()));
                }
                if keys != (Index { columns: keys.columns.clone(), ..Index::default() }) {
                    not_kept.push("the order or operator class of its keys".to_string());
                }
                if !pk.include.is_empty() {
                    not_kept.push(format!("INCLUDE ({})", idents(&pk.include).join(", ")));
                }
                self.not_kept(line, &format!("primary key on '{table_name}'"), &not_kept);
                self.set_primary_key(table, PrimaryKey { name, columns }, line)?;
            }
            TableConstraint::Unique(unique) => self.unique(table, unique, line)?,
            TableConstraint::ForeignKey(fk) => {
                let key = self.foreign_key(&table_name, &fk, line);
                table.foreign_keys.push(key);
            }
            TableConstraint::Check(check) => {
                let name = check.name.as_ref().map(|n| n.value.clone());
                self.check(table, name, &check, line);
            }
            TableConstraint::Index(index) => {
                let keys = self.index_keys(&table_name, &index.columns);
                let name = self.index_name(&table_name, index.name.map(|n| n.value), &keys.columns, line)?;
                self.not_kept(line, &format!("index '{name}'"), &index_comments(&index.index_options));
                let method = features::method_of(index.index_type.as_ref(), &index.index_options);
                table.indexes.push(Index { name, method, ..keys });
            }
            TableConstraint::FulltextOrSpatial(index) => {
                let keys = self.index_keys(&table_name, &index.columns);
                let name = self.index_name(&table_name, index.opt_index_name.map(|n| n.value), &keys.columns, line)?;
                let method = if index.fulltext { "fulltext" } else { "spatial" };
                table.indexes.push(Index { name, method: Some(method.to_string()), ..keys });
            }
            TableConstraint::Exclude(exclude) => {
                let (constraint, not_kept) = features::exclusion(&exclude);
                let what = format!("{} on '{table_name}'", describe("exclusion constraint", &constraint.name));
                self.not_kept(line, &what, &not_kept);
                table.exclusion_constraints.push(constraint);
            }
            other => {
                self.note(line, format!("skipped constraint '{other}' on '{table_name}' (not managed yet)"));
            }
        }
        Ok(())
    }

    /// A `UNIQUE` table constraint. `UNIQUE KEY name (cols)` / `UNIQUE INDEX name (cols)`
    /// (MySQL's), and a unique key on a column prefix, with a method, or with ordered keys,
    /// declare a unique index, as MySQL keeps them; any other is a unique constraint.
    fn unique(
        &mut self,
        table: &mut Table,
        unique: sqlparser::ast::UniqueConstraint,
        line: u64,
    ) -> Result<(), SourceError> {
        let table_name = table.name.clone();
        let keys = self.index_keys(&table_name, &unique.columns);
        let prefixed = keys.columns.iter().any(|c| prefix_key(c).is_some());
        let mut not_kept = features::unenforced(unique.characteristics.as_ref());
        not_kept.extend(index_comments(&unique.index_options));
        let nulls_not_distinct = unique.nulls_distinct == NullsDistinctOption::NotDistinct;
        let deferrable = features::deferrable(unique.characteristics.as_ref());
        let method = features::method_of(unique.index_type.as_ref(), &unique.index_options);
        let ordered = !keys.descending.is_empty() || !keys.nulls.is_empty() || !keys.operator_classes.is_empty();
        // A key with its own collation (SQLite's `UNIQUE (token COLLATE NOCASE)`) is an
        // expression to the model, which only an index holds.
        let expression =
            keys.columns.iter().any(|c| self.expression_entries.contains(&(table_name.clone(), c.clone())));
        let index =
            !matches!(unique.index_type_display, KeyOrIndexDisplay::None) || prefixed || method.is_some() || expression;
        let include = idents(&unique.include);
        if index || ordered {
            let name = match unique.index_type_display {
                KeyOrIndexDisplay::None => unique.name.or(unique.index_name),
                _ => unique.index_name.or(unique.name),
            };
            let name = match name {
                None if expression => {
                    let name = expression_key_name(&table_name, &keys.columns);
                    let note = format!("unique constraint on '{table_name}' ({}) is kept as the unique index '{name}', which holds the same keys", keys.columns.join(", "));
                    self.note(line, note);
                    name
                }
                name => self.index_name(&table_name, name.map(|n| n.value), &keys.columns, line)?,
            };
            if let Some(deferrable) = deferrable {
                not_kept.push(format!("{} (a unique index is never deferrable)", deferrable.sql()));
            }
            self.not_kept(line, &format!("unique index '{name}' on '{table_name}'"), &not_kept);
            table.indexes.push(Index { name, unique: true, include, nulls_not_distinct, method, ..keys });
            return Ok(());
        }
        let name = unique.name.or(unique.index_name).map(|n| n.value);
        if !include.is_empty() {
            not_kept.push(format!("INCLUDE ({})", include.join(", ")));
        }
        let what = format!("{} on '{table_name}'", describe("unique constraint", &name));
        self.not_kept(line, &what, &not_kept);
        table.unique_constraints.push(UniqueConstraint { name, columns: keys.columns, nulls_not_distinct, deferrable });
        Ok(())
    }

    /// The name of an inline index; an unnamed one is named after its first column, as the
    /// grammars that allow inline indexes do.
    fn index_name(
        &self,
        table: &str,
        name: Option<String>,
        columns: &[String],
        line: u64,
    ) -> Result<String, SourceError> {
        let first = columns.first().map(|c| prefix_key(c).map_or(c.as_str(), |(column, _)| column).to_string());
        name.or(first).ok_or_else(|| self.invalid(format!("an index on '{table}' (line {line}) has no columns")))
    }

    /// The keys of an index or key as an unnamed [`Index`]: column names (expressions as
    /// SQL text, prefix keys as `column(N)`), their order, where their NULLs go when that
    /// is not the default, and their operator classes.
    fn index_keys(&mut self, table: &str, columns: &[IndexColumn]) -> Index {
        let names = columns
            .iter()
            .map(|c| match &c.column.expr {
                Expr::Identifier(ident) => ident.value.clone(),
                Expr::CompoundIdentifier(parts) => parts.last().map(|p| p.value.clone()).unwrap_or_default(),
                // The parentheses around an expression key (`((lower(email)))`) are syntax.
                Expr::Nested(expr) => {
                    let text = expr.to_string();
                    self.expression_entries.insert((table.to_string(), text.clone()));
                    text
                }
                expr => {
                    let text = expr.to_string();
                    if let Some((column, length)) = prefix_key(&text) {
                        // A prefix key (`title(255)`, `` `title`(255) ``): its column must exist.
                        return format!("{column}({length})");
                    }
                    self.expression_entries.insert((table.to_string(), text.clone()));
                    text
                }
            })
            .collect();
        Index {
            columns: names,
            descending: descending_keys(columns),
            nulls: features::key_nulls(columns),
            operator_classes: features::operator_classes(columns),
            ..Index::default()
        }
    }

    /// One operation of an `ALTER TABLE`.
    fn alter_table(
        &mut self,
        table_name: &str,
        operation: AlterTableOperation,
        line: u64,
        excerpt: &str,
    ) -> Result<(), SourceError> {
        match operation {
            // Ownership, the next AUTO_INCREMENT value and validating a constraint (which the
            // model holds as valid) say nothing the schema keeps.
            AlterTableOperation::OwnerTo { .. }
            | AlterTableOperation::AutoIncrement { .. }
            | AlterTableOperation::ValidateConstraint { .. } => {}
            AlterTableOperation::AddConstraint { constraint, not_valid } => {
                let mut table = self.table_mut(table_name, line)?.clone();
                let name = constraint_name(&constraint);
                self.table_constraint(&mut table, constraint, line)?;
                self.schema.insert(table);
                if not_valid {
                    let what = format!("{} on '{table_name}'", describe("constraint", &name));
                    self.not_kept(line, &what, &["NOT VALID (rows present before it are not checked)".to_string()]);
                }
            }
            AlterTableOperation::AddColumn { column_def, .. } => {
                let mut table = self.table_mut(table_name, line)?.clone();
                self.column(&mut table, &column_def, line)?;
                self.schema.insert(table);
            }
            AlterTableOperation::ModifyColumn { col_name, data_type, options, column_position: None } => {
                let options = options.into_iter().map(|option| ColumnOptionDef { name: None, option }).collect();
                self.modify_column(table_name, ColumnDef { name: col_name, data_type, options }, line)?;
            }
            AlterTableOperation::AlterColumn { column_name, op } => {
                self.alter_column(table_name, &column_name.value, op, line, excerpt)?;
            }
            setting if table_setting(&setting) => {
                let note = format!("skipped ALTER TABLE '{table_name}' {setting} (not managed)");
                self.skip(line, Skipped::TableSetting, note);
            }
            _ => {
                return Err(self.unsupported(
                    line,
                    excerpt,
                    "ALTER TABLE in a schema file may only add columns and constraints or set defaults",
                ))
            }
        }
        Ok(())
    }

    /// `ALTER TABLE t MODIFY [COLUMN] c type options` (MySQL's, as phpMyAdmin's exports write
    /// `AUTO_INCREMENT` after the keys): the column is declared again, where it stands.
    fn modify_column(&mut self, table_name: &str, def: ColumnDef, line: u64) -> Result<(), SourceError> {
        let mut table = self.table_mut(table_name, line)?.clone();
        let fold = self.spelling.column_names_fold();
        let same = |c: &Column| c.name == def.name.value || (fold && c.name.eq_ignore_ascii_case(&def.name.value));
        let Some(at) = table.columns.iter().position(same) else {
            let column = &def.name.value;
            return Err(
                self.invalid(format!("line {line} names column '{table_name}.{column}', which is not declared"))
            );
        };
        let old = table.columns.remove(at);
        self.column(&mut table, &def, line)?;
        let mut new = table.columns.pop().unwrap_or(old);
        if table.is_primary_key_column(&new.name) {
            new.nullable = false;
        }
        table.columns.insert(at, new);
        self.schema.insert(table);
        Ok(())
    }

    /// `ALTER TABLE t ALTER [COLUMN] c ...`: a default, NOT NULL or identity.
    fn alter_column(
        &mut self,
        table_name: &str,
        column_name: &str,
        op: AlterColumnOperation,
        line: u64,
        excerpt: &str,
    ) -> Result<(), SourceError> {
        let from_sequence =
            matches!(&op, AlterColumnOperation::SetDefault { value } if self.draws_from_sequence(value, line));
        let column = self.column_mut(table_name, column_name, line)?;
        match op {
            AlterColumnOperation::SetDefault { .. } if from_sequence => column.autoincrement = true,
            AlterColumnOperation::SetDefault { value } => column.server_default = Some(value.to_string()),
            AlterColumnOperation::DropDefault => column.server_default = None,
            AlterColumnOperation::SetNotNull => column.nullable = false,
            AlterColumnOperation::DropNotNull => column.nullable = true,
            AlterColumnOperation::AddGenerated { .. } => column.autoincrement = true,
            _ => {
                return Err(self.unsupported(
                    line,
                    excerpt,
                    "only defaults, NOT NULL and identity can be changed after CREATE TABLE",
                ))
            }
        }
        Ok(())
    }

    /// Settles what needs the whole file, then checks the schema is consistent.
    fn finish(mut self) -> Result<SchemaFile, SourceError> {
        for (name, (line, owned)) in std::mem::take(&mut self.sequences) {
            if !owned {
                let note = format!("skipped sequence '{name}' (standalone sequences are not managed yet)");
                self.skip(line, Skipped::Sequence, note);
            }
        }
        let referred: Vec<(String, usize, String)> = (self.schema.tables.iter())
            .flat_map(|(name, t)| {
                t.foreign_keys.iter().enumerate().map(move |(i, fk)| (name.clone(), i, fk.referred_table.clone()))
            })
            .collect();
        for (table, i, referred) in referred {
            let resolved = self.resolve_table(&referred);
            if let Some(fk) = self.schema.tables.get_mut(&table).and_then(|t| t.foreign_keys.get_mut(i)) {
                fk.referred_table = resolved;
            }
        }
        self.resolve_columns();
        let primary_keys: BTreeMap<String, Vec<String>> = self
            .schema
            .tables
            .iter()
            .filter_map(|(name, t)| t.primary_key.as_ref().map(|pk| (name.clone(), pk.columns.clone())))
            .collect();
        for table in self.schema.tables.values_mut() {
            if let Some(pk) = &table.primary_key {
                for column in pk.columns.clone() {
                    if let Some(column) = table.column_mut(&column) {
                        column.nullable = false;
                    }
                }
            }
            for fk in &mut table.foreign_keys {
                if fk.referred_columns.is_empty() {
                    if let Some(columns) = primary_keys.get(&fk.referred_table) {
                        fk.referred_columns = columns.clone();
                    }
                }
            }
        }
        self.schema.normalize_types();
        if !self.spelling.keeps_named_types() {
            for name in std::mem::take(&mut self.schema.types).into_keys() {
                let line = self.enum_lines.get(&name).copied().unwrap_or_default();
                let note = format!(
                    "enum type '{name}' is used by no column and this database has no named types, so it is not kept"
                );
                self.note(line, note);
            }
        }
        self.validate()?;
        let mut all = self.notes;
        all.sort_by_key(|n| n.line);
        let (notes, summary) = (notes::full(self.path, &all), notes::summary(self.path, &all));
        Ok(SchemaFile { schema: self.schema, notes, summary })
    }

    fn validate(&self) -> Result<(), SourceError> {
        for table in self.schema.tables.values() {
            let t = &table.name;
            let check = |what: String, columns: &[String], skip_expressions: bool| -> Result<(), SourceError> {
                for column in columns {
                    let expression = skip_expressions && self.expression_entries.contains(&(t.clone(), column.clone()));
                    let column = match prefix_key(column) {
                        Some((name, _)) if skip_expressions => name,
                        _ => column.as_str(),
                    };
                    if table.column(column).is_none() && !expression {
                        return Err(
                            self.invalid(format!("{what} on '{t}' names column '{column}', which '{t}' does not have"))
                        );
                    }
                }
                Ok(())
            };
            if let Some(pk) = &table.primary_key {
                check(describe("primary key", &pk.name), &pk.columns, false)?;
            }
            for unique in &table.unique_constraints {
                check(describe("unique constraint", &unique.name), &unique.columns, false)?;
            }
            for index in &table.indexes {
                check(format!("index '{}'", index.name), &index.columns, true)?;
                check(format!("index '{}' (INCLUDE)", index.name), &index.include, false)?;
            }
            for exclusion in &table.exclusion_constraints {
                // An element that is a plain name is a column; others are expressions.
                let columns: Vec<String> = exclusion
                    .elements
                    .iter()
                    .map(|e| e.expression.clone())
                    .filter(|e| e.chars().all(|c| c.is_alphanumeric() || c == '_'))
                    .collect();
                check(describe("exclusion constraint", &exclusion.name), &columns, false)?;
            }
            for fk in &table.foreign_keys {
                let what = describe("foreign key", &fk.name);
                check(what.clone(), &fk.columns, false)?;
                let Some(referred) = self.schema.table(&fk.referred_table) else {
                    return Err(self.invalid(format!(
                        "{what} on '{t}' ({}) refers to table '{}', which is not declared",
                        fk.columns.join(", "),
                        fk.referred_table
                    )));
                };
                if fk.referred_columns.is_empty() {
                    return Err(self.invalid(format!(
                        "{what} on '{t}' refers to '{}' without naming columns, and '{}' has no primary key",
                        fk.referred_table, fk.referred_table
                    )));
                }
                if fk.referred_columns.len() != fk.columns.len() {
                    return Err(self.invalid(format!(
                        "{what} on '{t}' has {} columns but refers to {} columns of '{}'",
                        fk.columns.len(),
                        fk.referred_columns.len(),
                        fk.referred_table
                    )));
                }
                for column in &fk.referred_columns {
                    if referred.column(column).is_none() {
                        return Err(self.invalid(format!(
                            "{what} on '{t}' refers to column '{}.{column}', which is not declared",
                            fk.referred_table
                        )));
                    }
                }
            }
        }
        Ok(())
    }
}

/// A table constraint's name, if it has one.
fn constraint_name(constraint: &TableConstraint) -> Option<String> {
    let name = match constraint {
        TableConstraint::PrimaryKey(c) => c.name.as_ref(),
        TableConstraint::Unique(c) => c.name.as_ref(),
        TableConstraint::ForeignKey(c) => c.name.as_ref(),
        TableConstraint::Check(c) => c.name.as_ref(),
        TableConstraint::Exclude(c) => c.name.as_ref(),
        _ => None,
    };
    name.map(|n| n.value.clone())
}

/// Whether an `ALTER TABLE` operation sets something of the table that the model does not
/// hold and that changes no column, key or index (row security, replica identity, triggers
/// and rules switched on or off, storage options, partitions attached): skipped with a note.
fn table_setting(operation: &AlterTableOperation) -> bool {
    matches!(
        operation,
        AlterTableOperation::EnableRowLevelSecurity
            | AlterTableOperation::DisableRowLevelSecurity
            | AlterTableOperation::ForceRowLevelSecurity
            | AlterTableOperation::NoForceRowLevelSecurity
            | AlterTableOperation::ReplicaIdentity { .. }
            | AlterTableOperation::EnableTrigger { .. }
            | AlterTableOperation::DisableTrigger { .. }
            | AlterTableOperation::EnableAlwaysTrigger { .. }
            | AlterTableOperation::EnableReplicaTrigger { .. }
            | AlterTableOperation::EnableRule { .. }
            | AlterTableOperation::DisableRule { .. }
            | AlterTableOperation::EnableAlwaysRule { .. }
            | AlterTableOperation::EnableReplicaRule { .. }
            | AlterTableOperation::SetLogged
            | AlterTableOperation::SetUnlogged
            | AlterTableOperation::SetOptionsParens { .. }
            | AlterTableOperation::ResetOptions { .. }
            | AlterTableOperation::AttachPartition { .. }
            | AlterTableOperation::AttachPartitionOf { .. }
            | AlterTableOperation::Inherit { .. }
    )
}

/// What a `CREATE TABLE` says of the table's kind or storage that the model does not hold
/// (`UNLOGGED`, `PARTITION BY`, `INHERITS`); SQLite's `WITHOUT ROWID` and `STRICT` are
/// [`Table::options`].
fn table_kind(create: &CreateTable) -> Vec<String> {
    let mut kind = Vec::new();
    if create.unlogged {
        kind.push("UNLOGGED".to_string());
    }
    if create.temporary {
        kind.push("TEMPORARY".to_string());
    }
    if let Some(partition) = &create.partition_by {
        kind.push(format!("PARTITION BY {partition}"));
    }
    if let Some(parents) = &create.inherits {
        kind.push(format!("INHERITS ({})", parents.iter().map(ToString::to_string).collect::<Vec<_>>().join(", ")));
    }
    kind
}

/// The kind and note of a statement that declares an object alambic does not manage yet
/// (views, functions, triggers, grants, ...); `None` for a statement a schema file cannot
/// hold.
fn skipped_object(statement: &Statement, excerpt: &str) -> Option<(Skipped, String)> {
    Some(match statement {
        Statement::CreateView(view) if view.materialized => (
            Skipped::MaterializedView,
            format!("skipped materialized view '{}' (views are not managed yet)", bare_name(&view.name)),
        ),
        Statement::CreateView(view) => {
            (Skipped::View, format!("skipped view '{}' (views are not managed yet)", bare_name(&view.name)))
        }
        Statement::CreateFunction(function) => (
            Skipped::Function,
            format!("skipped function '{}' (functions are not managed yet)", bare_name(&function.name)),
        ),
        Statement::CreateProcedure { name, .. } => {
            (Skipped::Procedure, format!("skipped procedure '{}' (procedures are not managed yet)", bare_name(name)))
        }
        Statement::CreateTrigger(trigger) => {
            (Skipped::Trigger, format!("skipped trigger '{}' (triggers are not managed yet)", bare_name(&trigger.name)))
        }
        Statement::CreateVirtualTable { name, module_name, .. } => (
            Skipped::VirtualTable,
            format!(
                "skipped virtual table '{}' using {module_name} (virtual tables are not managed yet)",
                bare_name(name)
            ),
        ),
        Statement::CreateExtension(extension) => (
            Skipped::Extension,
            format!("skipped extension '{}' (extensions are not managed yet)", extension.name.value),
        ),
        Statement::CreateSchema { schema_name, .. } => {
            (Skipped::Schema, format!("skipped schema '{schema_name}' (tables are read without their schema)"))
        }
        Statement::CreateDatabase { db_name, .. } => {
            (Skipped::Database, format!("skipped database '{}'", bare_name(db_name)))
        }
        Statement::CreatePolicy(policy) => {
            (Skipped::Policy, format!("skipped policy '{}' (row security is not managed)", policy.name))
        }
        Statement::CreateRule(rule) => (Skipped::Rule, format!("skipped rule '{}' (rules are not managed)", rule.name)),
        Statement::CreateRole(_) | Statement::CreateUser(_) => {
            (Skipped::Grant, format!("skipped role '{excerpt}' (roles are not managed)"))
        }
        Statement::CreateCollation(_)
        | Statement::CreateAggregate(_)
        | Statement::CreateOperator(_)
        | Statement::CreateOperatorClass(_)
        | Statement::CreateOperatorFamily(_)
        | Statement::CreateTextSearch(_) => (Skipped::OtherObject, format!("skipped '{excerpt}' (not managed)")),
        Statement::Insert(_)
        | Statement::Update(_)
        | Statement::Delete(_)
        | Statement::Truncate(_)
        | Statement::Copy { .. }
        | Statement::Call(_)
        | Statement::Query(_) => (Skipped::Data, format!("skipped '{excerpt}' (rows are data, not schema)")),
        Statement::Drop { if_exists: true, .. }
        | Statement::DropFunction(_)
        | Statement::DropProcedure { .. }
        | Statement::DropTrigger(_)
        | Statement::DropPolicy(_)
        | Statement::DropExtension(_)
        | Statement::DropDomain(_) => {
            (Skipped::Drop, format!("ignored '{excerpt}' (a schema file only declares what should exist)"))
        }
        Statement::Grant(_)
        | Statement::Revoke(_)
        | Statement::GrantRole(_)
        | Statement::RevokeRole(_)
        | Statement::AlterDefaultPrivileges(_) => {
            (Skipped::Grant, format!("skipped grant '{excerpt}' (privileges are not managed)"))
        }
        _ => return None,
    })
}

/// The name of the view the `CREATE … VIEW` at the parser's position creates (the last
/// part of its name, unquoted names folded to lower case).
fn view_name(parser: &Parser) -> Option<String> {
    let at = (1..8).find(|n| is_word(&parser.peek_nth_token(*n), Keyword::VIEW))?;
    let mut n = at + 1;
    if is_word(&parser.peek_nth_token(n), Keyword::IF) {
        n += 3;
    }
    loop {
        let Token::Word(w) = parser.peek_nth_token(n).token else { return None };
        if parser.peek_nth_token(n + 1).token != Token::Period {
            return Some(if w.quote_style.is_some() { w.value } else { w.value.to_lowercase() });
        }
        n += 2;
    }
}

/// The kind of object the statement at the parser's position creates, when it is one
/// alambic does not manage (`CREATE [OR REPLACE] SEQUENCE | VIEW | FUNCTION | …`).
fn unmanaged_create(parser: &Parser) -> Option<Skipped> {
    if !is_word(&parser.peek_token(), Keyword::CREATE) {
        return None;
    }
    let words = (1..6).map(|n| match parser.peek_nth_token(n).token {
        Token::Word(w) => w.value.to_ascii_uppercase(),
        _ => String::new(),
    });
    let mut words = words.skip_while(|w| matches!(w.as_str(), "OR" | "REPLACE" | "TEMP" | "TEMPORARY" | "RECURSIVE"));
    Some(match words.next()?.as_str() {
        "SEQUENCE" => Skipped::Sequence,
        "VIEW" => Skipped::View,
        "MATERIALIZED" => Skipped::MaterializedView,
        "FUNCTION" => Skipped::Function,
        "PROCEDURE" => Skipped::Procedure,
        "TRIGGER" | "CONSTRAINT" => Skipped::Trigger,
        "EVENT" => Skipped::Event,
        "POLICY" => Skipped::Policy,
        "RULE" => Skipped::Rule,
        "AGGREGATE" | "OPERATOR" | "COLLATION" | "CAST" | "CONVERSION" | "TEXT" | "STATISTICS" => Skipped::OtherObject,
        _ => return None,
    })
}

/// `foreign key 'fk_x'`, or `foreign key` when it has no name.
fn describe(kind: &str, name: &Option<String>) -> String {
    match name {
        Some(name) => format!("{kind} '{name}'"),
        None => kind.to_string(),
    }
}

fn unreachable_table(path: &Path, table: &str) -> SourceError {
    SourceError::Invalid { path: path.to_path_buf(), message: format!("table '{table}' is not declared") }
}

fn is_word(token: &TokenWithSpan, keyword: Keyword) -> bool {
    matches!(&token.token, Token::Word(w) if w.keyword == keyword)
}

/// The storage or planner setting an `ALTER TABLE ... ALTER [COLUMN] c` statement changes
/// (`SET STATISTICS`, `SET STORAGE`, `SET COMPRESSION`, `SET (...)`, `RESET (...)`), if
/// that is what it does: `ALTER`, optional `COLUMN`, a name, then the setting.
fn storage_setting(statement: &[TokenWithSpan]) -> Option<String> {
    let at = statement.iter().skip(2).position(|t| is_word(t, Keyword::ALTER))? + 2;
    let mut rest = &statement[at + 1..];
    if rest.first().is_some_and(|t| is_word(t, Keyword::COLUMN)) {
        rest = &rest[1..];
    }
    let [_column, verb, what, ..] = rest else { return None };
    let verb = match &verb.token {
        Token::Word(w) if matches!(w.keyword, Keyword::SET | Keyword::RESET) => w.value.to_ascii_uppercase(),
        _ => return None,
    };
    match &what.token {
        Token::Word(w) if matches!(w.keyword, Keyword::STATISTICS | Keyword::STORAGE | Keyword::COMPRESSION) => {
            Some(format!("{verb} {}", w.value.to_ascii_uppercase()))
        }
        Token::LParen => Some(format!("{verb} (...)")),
        _ => None,
    }
}

/// Consumes tokens up to (not including) the statement's closing `;`.
/// Which keys of an index are `DESC`, by position; empty when every key is ascending.
fn descending_keys(columns: &[IndexColumn]) -> Vec<bool> {
    let descending: Vec<bool> =
        columns.iter().map(|c| matches!(c.column.options.sort, Some(OrderBySort::Desc))).collect();
    if descending.contains(&true) {
        descending
    } else {
        Vec::new()
    }
}

/// The name of an unnamed unique key with an expression among its keys:
/// `uq_<table>_<first word of each key>` (`uq_users_token` for `token COLLATE NOCASE`).
fn expression_key_name(table: &str, keys: &[String]) -> String {
    let words = keys.iter().map(|k| {
        let word: String = k
            .trim_start_matches(['"', '`', '[', '('])
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect();
        if word.is_empty() {
            "expr".to_string()
        } else {
            word
        }
    });
    std::iter::once(format!("uq_{table}")).chain(words).collect::<Vec<_>>().join("_")
}

fn skip_statement(parser: &mut Parser) {
    while !matches!(parser.peek_token().token, Token::SemiColon | Token::EOF) {
        parser.next_token();
    }
}

/// The values of a list of identifiers.
fn idents(list: &[Ident]) -> Vec<String> {
    list.iter().map(|i| i.value.clone()).collect()
}

/// `COMMENT '...'` options of an index or key, which the model does not hold.
fn index_comments(options: &[IndexOption]) -> Vec<String> {
    options.iter().filter(|o| matches!(o, IndexOption::Comment(_))).map(ToString::to_string).collect()
}

/// The unquoted last part of a possibly schema-qualified name (`public.users` -> `users`).
pub(super) fn bare_name(name: &ObjectName) -> String {
    name.0.last().map(part_name).unwrap_or_default()
}

fn part_name(part: &sqlparser::ast::ObjectNamePart) -> String {
    match part.as_ident() {
        Some(ident) => ident.value.clone(),
        None => part.to_string(),
    }
}

fn comment_text(comment: &CommentDef) -> String {
    match comment {
        CommentDef::WithEq(text) | CommentDef::WithoutEq(text) => text.clone(),
    }
}

fn fk_action(action: Option<&sqlparser::ast::ReferentialAction>) -> FkAction {
    action.and_then(|a| FkAction::from_sql(&a.to_string())).unwrap_or_default()
}

fn object_kind(object: &CommentObject) -> String {
    format!("{object:?}").to_ascii_lowercase()
}
