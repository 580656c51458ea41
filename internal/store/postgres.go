package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver
)

func openPostgres(ctx context.Context, dsn string) (*DB, error) {
	pool, err := sql.Open("pgx", dsn)
	if err != nil {
		return nil, dsnError("PostgreSQL 连接串无效。", "The PostgreSQL connection string is not valid.", err)
	}
	pool.SetMaxOpenConns(20)
	pool.SetMaxIdleConns(10)
	pool.SetConnMaxIdleTime(5 * time.Minute)
	pctx, cancel := context.WithTimeout(ctx, 15*time.Second)
	defer cancel()
	if err := pool.PingContext(pctx); err != nil {
		pool.Close()
		return nil, dsnError("无法连接 PostgreSQL 数据库。", "Cannot connect to the PostgreSQL database.", err)
	}
	// An acknowledged write must survive a server crash (SECURITY.md item 43).
	var syncCommit string
	if err := pool.QueryRowContext(ctx, "SHOW synchronous_commit").Scan(&syncCommit); err != nil {
		pool.Close()
		return nil, err
	}
	if syncCommit == "off" {
		pool.Close()
		return nil, fmt.Errorf("store: PostgreSQL synchronous_commit is off; bianmin needs it on (SECURITY.md item 43)")
	}
	return &DB{Engine: Postgres, w: pool, r: pool}, nil
}
