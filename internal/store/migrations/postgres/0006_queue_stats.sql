-- The evaluation pad asks every two seconds for the ticket finished last
-- at its window (RT-1, R4.6): equality on window and status, a range on
-- finished_at and its order, so the answer stays one index probe however
-- long the window's history grows.
CREATE INDEX tickets_window_finished ON tickets(window_id, status, finished_at);

-- A queue's waiting line of the day (receipts, status pages, reactivation)
-- and its latest finished services (the waiting-time estimate) are read on
-- every issue; both stay index range scans as the tickets table grows.
CREATE INDEX tickets_queue_day ON tickets(queue_id, service_date, status, order_at);
CREATE INDEX tickets_queue_finished ON tickets(queue_id, status, finished_at);
