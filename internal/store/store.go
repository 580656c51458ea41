// Package store keeps every record of bianmin in SQLite or PostgreSQL behind
// one API. Query text is shared by both engines ($N placeholders, RETURNING,
// ON CONFLICT); only DDL lives per engine. Driver errors are mapped to the
// sentinels of package bianmin at this boundary.
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"strings"
	"time"

	"bianmin/internal/bianmin"
)

// Engine names a database engine.
type Engine string

const (
	SQLite   Engine = "sqlite"
	Postgres Engine = "postgres"
)

// DB is an open database. On SQLite, writes go through a single connection
// (one writer) and reads through a read-only pool; on PostgreSQL both are the
// same pool.
type DB struct {
	Engine Engine
	Clock  bianmin.Clock
	w, r   *sql.DB
	lock   *os.File // SQLite: exclusive lock on <db>.lock, held while open
	path   string   // SQLite file path
	// SQLite's prepared statements, one cache per pool (nil on PostgreSQL).
	wcache, rcache *stmtCache
}

// IsPostgres reports whether dsn names a PostgreSQL database.
func IsPostgres(dsn string) bool {
	return strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://")
}

// Open opens the database named by dsn (a SQLite file path or a postgres://
// URL), checks its durability settings and applies pending migrations.
func Open(ctx context.Context, dsn string, clock bianmin.Clock) (*DB, error) {
	var db *DB
	var err error
	if IsPostgres(dsn) {
		db, err = openPostgres(ctx, dsn)
	} else {
		db, err = openSQLite(ctx, dsn)
	}
	if err != nil {
		return nil, err
	}
	db.Clock = clock
	if db.Clock == nil {
		db.Clock = bianmin.SystemClock{}
	}
	if err := db.Migrate(ctx); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

// Close closes the pools and releases the SQLite lock.
func (db *DB) Close() error {
	var errs []error
	db.wcache.close()
	db.rcache.close()
	if db.r != nil && db.r != db.w {
		errs = append(errs, db.r.Close())
	}
	if db.w != nil {
		errs = append(errs, db.w.Close())
	}
	if db.lock != nil {
		errs = append(errs, db.lock.Close())
	}
	return errors.Join(errs...)
}

// Path returns the SQLite file path ("" on PostgreSQL).
func (db *DB) Path() string { return db.path }

// Now returns the store clock's time in UTC, truncated to microseconds so that
// it survives a round trip through either engine unchanged.
func (db *DB) Now() time.Time { return db.Clock.Now().UTC().Truncate(time.Microsecond) }

// Tx is a transaction with the time it started and hooks to run after commit.
type Tx struct {
	*sql.Tx
	DB          *DB
	Now         time.Time
	afterCommit []func()
	cache       *stmtCache
	readOnly    bool
}

// AfterCommit registers f to run once the transaction has committed: events
// are published there, never inside the transaction.
func (tx *Tx) AfterCommit(f func()) { tx.afterCommit = append(tx.afterCommit, f) }

// Write runs fn in a read-write transaction and commits it; on SQLite it is
// BEGIN IMMEDIATE on the single writer connection. Any error rolls back.
func (db *DB) Write(ctx context.Context, fn func(tx *Tx) error) error {
	return db.run(ctx, db.w, false, fn)
}

// Read runs fn in a read-only transaction.
func (db *DB) Read(ctx context.Context, fn func(tx *Tx) error) error {
	return db.run(ctx, db.r, true, fn)
}

func (db *DB) run(ctx context.Context, pool *sql.DB, readOnly bool, fn func(tx *Tx) error) error {
	sqlTx, err := pool.BeginTx(ctx, &sql.TxOptions{ReadOnly: readOnly && db.Engine == Postgres})
	if err != nil {
		return mapErr(err)
	}
	tx := &Tx{Tx: sqlTx, DB: db, Now: db.Now(), cache: db.rcache, readOnly: readOnly}
	if pool == db.w {
		tx.cache = db.wcache
	}
	defer tx.cache.preparePending(ctx)
	defer sqlTx.Rollback()
	if err := fn(tx); err != nil {
		return mapErr(err)
	}
	if err := sqlTx.Commit(); err != nil {
		return mapErr(err)
	}
	for _, f := range tx.afterCommit {
		f()
	}
	return nil
}

// Exec runs a statement outside any transaction (maintenance only).
func (db *DB) Exec(ctx context.Context, query string, args ...any) error {
	_, err := db.w.ExecContext(ctx, query, args...)
	return mapErr(err)
}

// Ping checks that the database answers.
func (db *DB) Ping(ctx context.Context) error {
	return mapErr(db.r.PingContext(ctx))
}

// RawWriter returns the writer pool, for tests that tamper with the database
// as an attacker would and for the backup command.
func (db *DB) RawWriter() *sql.DB { return db.w }

// dsnError is what the user sees when the database cannot be opened.
func dsnError(zh, en string, cause error) error {
	return bianmin.Errorf(bianmin.EUNAVAILABLE, zh, en).Wrap(cause)
}

func wrapf(err error, format string, args ...any) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf(format+": %w", append(args, mapErr(err))...)
}
