package store

import (
	"database/sql"
	"errors"
	"strings"

	"bianmin/internal/bianmin"
	"github.com/jackc/pgx/v5/pgconn"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// mapErr turns driver errors into the sentinels of package bianmin, keeping
// the driver error as the internal cause. Errors that are already *bianmin.Error
// pass through unchanged.
func mapErr(err error) error {
	if err == nil {
		return nil
	}
	var be *bianmin.Error
	if errors.As(err, &be) {
		return err
	}
	if errors.Is(err, sql.ErrNoRows) {
		return bianmin.ErrNotFound.Wrap(err)
	}
	var se *sqlite.Error
	if errors.As(err, &se) {
		return mapSQLite(se.Code(), err)
	}
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		return mapPostgres(pe, err)
	}
	return err
}

func mapSQLite(code int, err error) error {
	switch code {
	case sqlite3.SQLITE_CONSTRAINT_UNIQUE, sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY:
		return bianmin.ErrConflict.Wrap(err)
	case sqlite3.SQLITE_CONSTRAINT_FOREIGNKEY:
		return bianmin.ErrInvalidReference.Wrap(err)
	case sqlite3.SQLITE_CONSTRAINT_TRIGGER:
		if strings.Contains(err.Error(), "append-only") {
			return bianmin.ErrReadOnly.Wrap(err)
		}
		return bianmin.ErrConflict.Wrap(err)
	case sqlite3.SQLITE_CONSTRAINT_CHECK, sqlite3.SQLITE_CONSTRAINT_NOTNULL:
		return bianmin.Errorf(bianmin.EINVALID, "数据不符合约束。", "The data breaks a constraint.").Wrap(err)
	case sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED, sqlite3.SQLITE_BUSY_SNAPSHOT:
		return bianmin.ErrUnavailable.Wrap(err)
	}
	return err
}

func mapPostgres(pe *pgconn.PgError, err error) error {
	switch pe.Code {
	case "23505":
		return bianmin.ErrConflict.Wrap(err)
	case "23503":
		return bianmin.ErrInvalidReference.Wrap(err)
	case "23514", "23502":
		return bianmin.Errorf(bianmin.EINVALID, "数据不符合约束。", "The data breaks a constraint.").Wrap(err)
	case "BM001", "42501": // our append-only trigger; insufficient privilege
		return bianmin.ErrReadOnly.Wrap(err)
	case "40001", "40P01", "57P01", "57P03", "08006", "08003":
		return bianmin.ErrUnavailable.Wrap(err)
	}
	return err
}
