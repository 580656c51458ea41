package store

import (
	"context"
	"database/sql"
	"strings"
	"sync"
)

// maxCachedStatements bounds the cache; queries with IN lists of varying
// length make a few variants each, never an unbounded number.
const maxCachedStatements = 512

// stmtCache keeps SQLite statements prepared. The pure-Go driver parses and
// compiles every statement anew otherwise, which the profile of a queue
// operation showed as a third of its CPU. PostgreSQL needs none of this:
// pgx caches prepared statements per connection itself.
//
// A statement cannot be prepared on the pool while a transaction holds the
// writer's only connection, so a query seen for the first time runs
// unprepared and is prepared after the transaction, when the connection is
// free; later transactions reuse it through Tx.StmtContext, which finds the
// statement already prepared on that connection.
type stmtCache struct {
	pool    *sql.DB
	mu      sync.Mutex
	stmts   map[string]*sql.Stmt
	pending map[string]struct{}
}

func newStmtCache(pool *sql.DB) *stmtCache {
	return &stmtCache{pool: pool, stmts: map[string]*sql.Stmt{}, pending: map[string]struct{}{}}
}

// lookup returns the prepared statement of a query, or nil after marking
// it to be prepared. Scripts (migrations: several statements) never are.
func (c *stmtCache) lookup(query string) *sql.Stmt {
	if c == nil || strings.Contains(query, ";") {
		return nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if st := c.stmts[query]; st != nil {
		return st
	}
	if len(c.stmts)+len(c.pending) < maxCachedStatements {
		c.pending[query] = struct{}{}
	}
	return nil
}

// preparePending prepares the queries marked since the last call. A query
// that fails to prepare (say, its table comes with a later migration) is
// simply tried again when it is next seen.
func (c *stmtCache) preparePending(ctx context.Context) {
	if c == nil {
		return
	}
	c.mu.Lock()
	var queries []string
	for q := range c.pending {
		queries = append(queries, q)
	}
	clear(c.pending)
	c.mu.Unlock()
	for _, q := range queries {
		st, err := c.pool.PrepareContext(ctx, q)
		if err != nil {
			continue
		}
		c.mu.Lock()
		if c.stmts[q] == nil {
			c.stmts[q] = st
			st = nil
		}
		c.mu.Unlock()
		if st != nil {
			st.Close()
		}
	}
}

func (c *stmtCache) close() {
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, st := range c.stmts {
		st.Close()
	}
	clear(c.stmts)
}

// stmt returns the transaction's handle on the cached statement of query, or nil.
func (tx *Tx) stmt(ctx context.Context, query string) *sql.Stmt {
	if st := tx.cache.lookup(query); st != nil {
		return tx.Tx.StmtContext(ctx, st)
	}
	return nil
}

// ExecContext runs a statement in the transaction, prepared once where the engine needs it.
func (tx *Tx) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	if st := tx.stmt(ctx, query); st != nil {
		return st.ExecContext(ctx, args...)
	}
	return tx.Tx.ExecContext(ctx, query, args...)
}

// QueryContext runs a query in the transaction, prepared once where the engine needs it.
func (tx *Tx) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	if st := tx.stmt(ctx, query); st != nil {
		return st.QueryContext(ctx, args...)
	}
	return tx.Tx.QueryContext(ctx, query, args...)
}

// QueryRowContext runs a one-row query in the transaction, prepared once where the engine needs it.
func (tx *Tx) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	if st := tx.stmt(ctx, query); st != nil {
		return st.QueryRowContext(ctx, args...)
	}
	return tx.Tx.QueryRowContext(ctx, query, args...)
}
