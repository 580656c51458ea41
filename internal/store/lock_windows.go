//go:build windows

package store

import (
	"os"

	"golang.org/x/sys/windows"

	"bianmin/internal/bianmin"
)

// lockFile takes an exclusive, non-blocking lock on path (see lock_unix.go).
func lockFile(path string) (*os.File, error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, dsnError("无法创建数据库锁文件。", "Cannot create the database lock file.", err)
	}
	ol := new(windows.Overlapped)
	flags := uint32(windows.LOCKFILE_EXCLUSIVE_LOCK | windows.LOCKFILE_FAIL_IMMEDIATELY)
	if err := windows.LockFileEx(windows.Handle(f.Fd()), flags, 0, 1, 0, ol); err != nil {
		f.Close()
		return nil, bianmin.Errorf(bianmin.EUNAVAILABLE,
			"该 SQLite 数据库已被另一个 bianmin 进程使用（"+path+"）。",
			"This SQLite database is already in use by another bianmin process ("+path+").").Wrap(err)
	}
	return f, nil
}
