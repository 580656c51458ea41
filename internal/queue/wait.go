package queue

import (
	"slices"
	"time"
)

// DefaultServiceTime is assumed per citizen until a queue has finished
// services to learn from.
const DefaultServiceTime = 5 * time.Minute

// EstimateWait estimates how long a citizen with `ahead` people in front
// waits: the median of recent service times (robust to one long case)
// times the people ahead, shared among the open windows calling the queue.
// With no open window the estimate assumes one.
func EstimateWait(ahead int, recent []time.Duration, openWindows int) time.Duration {
	if ahead <= 0 {
		return 0
	}
	per := DefaultServiceTime
	if len(recent) > 0 {
		s := slices.Clone(recent)
		slices.Sort(s)
		per = s[len(s)/2]
		if len(s)%2 == 0 {
			per = (s[len(s)/2-1] + s[len(s)/2]) / 2
		}
	}
	if openWindows < 1 {
		openWindows = 1
	}
	return time.Duration(ahead) * per / time.Duration(openWindows)
}
