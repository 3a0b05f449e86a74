CREATE TABLE t (id INTEGER PRIMARY KEY, name VARCHAR(20) NOT NULL DEFAULT 'x' CHECK (length(name) > 0), UNIQUE (name));
CREATE INDEX i ON t (lower(name) DESC) WHERE id > 0;
