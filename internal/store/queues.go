package store

import (
	"context"
	"database/sql"
	"errors"
	"strconv"

	"bianmin/internal/bianmin"
)

// ErrQueueLinks: a queue offers departments and is called by windows of its own centre.
var ErrQueueLinks = bianmin.FieldError("window_ids",
	"队列只能包含本中心的部门和窗口。",
	"A queue covers departments and windows of its own centre only.").WithRule("Q-1")

const queueColumns = "id, centre_id, prefix, name, name_en, icon, position, daily_limit, active, created_at"

func scanQueue(r rowScanner) (*bianmin.Queue, error) {
	var q bianmin.Queue
	err := r.Scan(&q.ID, &q.CentreID, &q.Prefix, &q.Name, &q.NameEN, &q.Icon, &q.Position, &q.DailyLimit, &q.Active, &q.CreatedAt)
	if err != nil {
		return nil, err
	}
	q.CreatedAt = q.CreatedAt.UTC()
	return &q, nil
}

// Queues returns a centre's queues in position order with their
// departments and windows.
func Queues(ctx context.Context, tx *Tx, centreID int64) ([]*bianmin.Queue, error) {
	rows, err := tx.QueryContext(ctx, "SELECT "+queueColumns+" FROM queues WHERE centre_id = $1 ORDER BY position, prefix", centreID)
	if err != nil {
		return nil, wrapf(err, "store: queues")
	}
	var out []*bianmin.Queue
	for rows.Next() {
		q, err := scanQueue(rows)
		if err != nil {
			rows.Close()
			return nil, wrapf(err, "store: scan queue")
		}
		out = append(out, q)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, wrapf(err, "store: queues")
	}
	for _, q := range out {
		if err := loadQueueLinks(ctx, tx, q); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// QueueByID returns one queue with its links, or ErrNotFound.
func QueueByID(ctx context.Context, tx *Tx, id int64) (*bianmin.Queue, error) {
	q, err := scanQueue(tx.QueryRowContext(ctx, "SELECT "+queueColumns+" FROM queues WHERE id = $1", id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, bianmin.ErrNotFound
	}
	if err != nil {
		return nil, wrapf(err, "store: queue %d", id)
	}
	return q, loadQueueLinks(ctx, tx, q)
}

// WindowQueueIDs returns the queues a window calls.
func WindowQueueIDs(ctx context.Context, tx *Tx, windowID int64) ([]int64, error) {
	return int64s(ctx, tx, `SELECT qw.queue_id FROM queue_windows qw JOIN queues q ON q.id = qw.queue_id
		WHERE qw.window_id = $1 AND q.active ORDER BY q.position, q.prefix`, windowID)
}

func loadQueueLinks(ctx context.Context, tx *Tx, q *bianmin.Queue) error {
	var err error
	q.DepartmentIDs, err = int64s(ctx, tx, "SELECT department_id FROM queue_departments WHERE queue_id = $1 ORDER BY department_id", q.ID)
	if err != nil {
		return err
	}
	q.WindowIDs, err = int64s(ctx, tx, "SELECT window_id FROM queue_windows WHERE queue_id = $1 ORDER BY window_id", q.ID)
	return err
}

func int64s(ctx context.Context, tx *Tx, query string, args ...any) ([]int64, error) {
	rows, err := tx.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, wrapf(err, "store: ids")
	}
	defer rows.Close()
	out := []int64{}
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, wrapf(err, "store: ids")
		}
		out = append(out, id)
	}
	return out, wrapf(rows.Err(), "store: ids")
}

// SaveQueue inserts (ID 0) or updates a queue and replaces its departments
// and windows, which must belong to its centre; the change is audited.
// A prefix already used at the centre is ErrConflict.
func SaveQueue(ctx context.Context, tx *Tx, q *bianmin.Queue, actor *bianmin.Actor) error {
	if err := checkQueueLinks(ctx, tx, q); err != nil {
		return err
	}
	var before string
	if q.ID == 0 {
		q.CreatedAt = tx.Now
		err := tx.QueryRowContext(ctx, `INSERT INTO queues (centre_id, prefix, name, name_en, icon, position, daily_limit,
			active, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
			q.CentreID, q.Prefix, q.Name, q.NameEN, q.Icon, q.Position, q.DailyLimit, q.Active, q.CreatedAt).Scan(&q.ID)
		if err != nil {
			return wrapf(err, "store: create queue")
		}
	} else {
		cur, err := QueueByID(ctx, tx, q.ID)
		if err != nil {
			return err
		}
		before, q.CentreID, q.CreatedAt = bianmin.JSONOf(cur), cur.CentreID, cur.CreatedAt
		if err := execOne(ctx, tx, `UPDATE queues SET prefix = $1, name = $2, name_en = $3, icon = $4, position = $5,
			daily_limit = $6, active = $7 WHERE id = $8`, q.Prefix, q.Name, q.NameEN, q.Icon, q.Position, q.DailyLimit,
			q.Active, q.ID); err != nil {
			return wrapf(err, "store: update queue")
		}
		for _, t := range []string{"queue_departments", "queue_windows"} {
			if _, err := tx.ExecContext(ctx, "DELETE FROM "+t+" WHERE queue_id = $1", q.ID); err != nil {
				return wrapf(err, "store: queue links")
			}
		}
	}
	for _, id := range q.DepartmentIDs {
		if _, err := tx.ExecContext(ctx, "INSERT INTO queue_departments (queue_id, department_id) VALUES ($1, $2)", q.ID, id); err != nil {
			return wrapf(err, "store: queue department")
		}
	}
	for _, id := range q.WindowIDs {
		if _, err := tx.ExecContext(ctx, "INSERT INTO queue_windows (queue_id, window_id) VALUES ($1, $2)", q.ID, id); err != nil {
			return wrapf(err, "store: queue window")
		}
	}
	return Audit(ctx, tx, actor, bianmin.AuditEntry{CentreID: q.CentreID, Action: "queue.save", ObjectType: "queue",
		ObjectID: strconv.FormatInt(q.ID, 10), Before: before, After: bianmin.JSONOf(q), RuleID: "Q-1"})
}

func checkQueueLinks(ctx context.Context, tx *Tx, q *bianmin.Queue) error {
	for _, c := range []struct {
		table string
		ids   []int64
	}{{"departments", q.DepartmentIDs}, {"windows", q.WindowIDs}} {
		if len(c.ids) == 0 {
			continue
		}
		in, args := inList(2, c.ids)
		var n int
		err := tx.QueryRowContext(ctx, "SELECT count(*) FROM "+c.table+" WHERE centre_id = $1 AND id IN ("+in+")",
			append([]any{q.CentreID}, args...)...).Scan(&n)
		if err != nil {
			return wrapf(err, "store: queue links")
		}
		if n != len(c.ids) {
			return ErrQueueLinks
		}
	}
	return nil
}
