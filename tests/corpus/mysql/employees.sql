-- The employees sample database schema (MySQL), by Fusheng Wang and Carlo Zaniolo
-- (Siemens Corporate Research), packaged by Giuseppe Maxia and Patrick Crews.
-- Source: https://github.com/datacharmer/test_db/blob/3c7fa05e04b4c339d91a43b7029a210212d48e6c/employees.sql
-- License: Creative Commons Attribution-Share Alike 3.0 Unported (CC BY-SA 3.0),
-- http://creativecommons.org/licenses/by-sa/3.0/
-- Changed: the statements that drop, create and select the database itself (DROP/CREATE
-- DATABASE or SCHEMA, USE) are commented out: alambic manages one database's schema and
-- the tests run in a fresh database of their own. Nothing of the schema is changed.
-- Also commented out: the lines that print progress (SELECT '...' AS 'INFO'), flush the
-- logs and load the data (the mysql client's `source load_*.dump`, files not copied here).
-- Its views are kept; the reader skips them.
--  Sample employee database 
--  See changelog table for details
--  Copyright (C) 2007,2008, MySQL AB
--  
--  Original data created by Fusheng Wang and Carlo Zaniolo
--  http://www.cs.aau.dk/TimeCenter/software.htm
--  http://www.cs.aau.dk/TimeCenter/Data/employeeTemporalDataSet.zip
-- 
--  Current schema by Giuseppe Maxia 
--  Data conversion from XML to relational by Patrick Crews
-- 
-- This work is licensed under the 
-- Creative Commons Attribution-Share Alike 3.0 Unported License. 
-- To view a copy of this license, visit 
-- http://creativecommons.org/licenses/by-sa/3.0/ or send a letter to 
-- Creative Commons, 171 Second Street, Suite 300, San Francisco, 
-- California, 94105, USA.
-- 
--  DISCLAIMER
--  To the best of our knowledge, this data is fabricated, and
--  it does not correspond to real people. 
--  Any similarity to existing people is purely coincidental.
-- 

-- [commented out: selects the database, not its schema] DROP DATABASE IF EXISTS employees;
-- [commented out: selects the database, not its schema] CREATE DATABASE IF NOT EXISTS employees;
-- [commented out: selects the database, not its schema] USE employees;

-- [commented out: prints progress] SELECT 'CREATING DATABASE STRUCTURE' as 'INFO';

DROP TABLE IF EXISTS dept_emp,
                     dept_manager,
                     titles,
                     salaries, 
                     employees, 
                     departments;

/*!50503 set default_storage_engine = InnoDB */;
-- [commented out: prints progress] /*!50503 select CONCAT('storage engine: ', @@default_storage_engine) as INFO */;

CREATE TABLE employees (
    emp_no      INT             NOT NULL,
    birth_date  DATE            NOT NULL,
    first_name  VARCHAR(14)     NOT NULL,
    last_name   VARCHAR(16)     NOT NULL,
    gender      ENUM ('M','F')  NOT NULL,    
    hire_date   DATE            NOT NULL,
    PRIMARY KEY (emp_no)
);

CREATE TABLE departments (
    dept_no     CHAR(4)         NOT NULL,
    dept_name   VARCHAR(40)     NOT NULL,
    PRIMARY KEY (dept_no),
    UNIQUE  KEY (dept_name)
);

CREATE TABLE dept_manager (
   emp_no       INT             NOT NULL,
   dept_no      CHAR(4)         NOT NULL,
   from_date    DATE            NOT NULL,
   to_date      DATE            NOT NULL,
   FOREIGN KEY (emp_no)  REFERENCES employees (emp_no)    ON DELETE CASCADE,
   FOREIGN KEY (dept_no) REFERENCES departments (dept_no) ON DELETE CASCADE,
   PRIMARY KEY (emp_no,dept_no)
); 

CREATE TABLE dept_emp (
    emp_no      INT             NOT NULL,
    dept_no     CHAR(4)         NOT NULL,
    from_date   DATE            NOT NULL,
    to_date     DATE            NOT NULL,
    FOREIGN KEY (emp_no)  REFERENCES employees   (emp_no)  ON DELETE CASCADE,
    FOREIGN KEY (dept_no) REFERENCES departments (dept_no) ON DELETE CASCADE,
    PRIMARY KEY (emp_no,dept_no)
);

CREATE TABLE titles (
    emp_no      INT             NOT NULL,
    title       VARCHAR(50)     NOT NULL,
    from_date   DATE            NOT NULL,
    to_date     DATE,
    FOREIGN KEY (emp_no) REFERENCES employees (emp_no) ON DELETE CASCADE,
    PRIMARY KEY (emp_no,title, from_date)
) 
; 

CREATE TABLE salaries (
    emp_no      INT             NOT NULL,
    salary      INT             NOT NULL,
    from_date   DATE            NOT NULL,
    to_date     DATE            NOT NULL,
    FOREIGN KEY (emp_no) REFERENCES employees (emp_no) ON DELETE CASCADE,
    PRIMARY KEY (emp_no, from_date)
) 
; 

CREATE OR REPLACE VIEW dept_emp_latest_date AS
    SELECT emp_no, MAX(from_date) AS from_date, MAX(to_date) AS to_date
    FROM dept_emp
    GROUP BY emp_no;

# shows only the current department for each employee
CREATE OR REPLACE VIEW current_dept_emp AS
    SELECT l.emp_no, dept_no, l.from_date, l.to_date
    FROM dept_emp d
        INNER JOIN dept_emp_latest_date l
        ON d.emp_no=l.emp_no AND d.from_date=l.from_date AND l.to_date = d.to_date;

-- [commented out: loads data or prints progress] flush /*!50503 binary */ logs;

-- [commented out: loads data or prints progress] SELECT 'LOADING departments' as 'INFO';
-- [commented out: loads data or prints progress] source load_departments.dump ;
-- [commented out: loads data or prints progress] SELECT 'LOADING employees' as 'INFO';
-- [commented out: loads data or prints progress] source load_employees.dump ;
-- [commented out: loads data or prints progress] SELECT 'LOADING dept_emp' as 'INFO';
-- [commented out: loads data or prints progress] source load_dept_emp.dump ;
-- [commented out: loads data or prints progress] SELECT 'LOADING dept_manager' as 'INFO';
-- [commented out: loads data or prints progress] source load_dept_manager.dump ;
-- [commented out: loads data or prints progress] SELECT 'LOADING titles' as 'INFO';
-- [commented out: loads data or prints progress] source load_titles.dump ;
-- [commented out: loads data or prints progress] SELECT 'LOADING salaries' as 'INFO';
-- [commented out: loads data or prints progress] source load_salaries1.dump ;
-- [commented out: loads data or prints progress] source load_salaries2.dump ;
-- [commented out: loads data or prints progress] source load_salaries3.dump ;

-- [commented out: loads data or prints progress] source show_elapsed.sql ;
