package fsql

import "sync"

// writeLocks holds a mutex for each database that has had a transaction.
var writeLocks sync.Map

// lockWrites makes the transactions of one database (SQLite allows one writer at a time)
// wait for each other in a queue, and returns the unlock. As released they met in SQLite,
// whose busy handler lets a waiting writer sleep 1, 2, 5, 10, 15, 20, 25... ms between tries,
// so a writer that found the lock taken slept on after it was free.
func lockWrites(db *DB) func() {
	lock, _ := writeLocks.LoadOrStore(db, new(sync.Mutex))
	mutex := lock.(*sync.Mutex)
	mutex.Lock()

	return mutex.Unlock
}
