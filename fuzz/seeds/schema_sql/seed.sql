CREATE TABLE roles (
    id INTEGER NOT NULL PRIMARY KEY,
    name VARCHAR(64) UNIQUE
);

CREATE TABLE users (
    id INTEGER NOT NULL PRIMARY KEY,
    username VARCHAR(64),
    role_id INTEGER REFERENCES roles (id)
);

CREATE UNIQUE INDEX ix_users_username ON users (username);
