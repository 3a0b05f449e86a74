-- a dump
/* of a database */
CREATE FUNCTION f() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END; $$;
CREATE TABLE t (id INTEGER PRIMARY KEY);
