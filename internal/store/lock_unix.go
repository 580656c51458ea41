//go:build unix

package store

import (
	"errors"
	"os"
	"syscall"

	"bianmin/internal/bianmin"
)

// lockFile takes an exclusive, non-blocking lock on path. SQLite mode is one
// process per database; several instances are PostgreSQL's job (SECURITY.md
// items 44 and 57).
func lockFile(path string) (*os.File, error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, dsnError("无法创建数据库锁文件。", "Cannot create the database lock file.", err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			return nil, errAlreadyOpen(path)
		}
		return nil, dsnError("无法锁定数据库。", "Cannot lock the database.", err)
	}
	return f, nil
}

func errAlreadyOpen(path string) error {
	return bianmin.Errorf(bianmin.EUNAVAILABLE,
		"该 SQLite 数据库已被另一个 bianmin 进程使用（"+path+"）。SQLite 模式只允许一个实例；多实例请使用 PostgreSQL。",
		"This SQLite database is already in use by another bianmin process ("+path+"). SQLite mode runs one instance only; use PostgreSQL for several instances.")
}
