module redress/sqliteidindex

go 1.23.0

// The versions FerretDB 1.24.2's go.mod pins, so that building this needs nothing more than what
// building FerretDB already fetched into the Go module cache.
require (
	golang.org/x/sys v0.33.0
	modernc.org/libc v1.55.3
	modernc.org/sqlite v1.32.0
)

require (
	github.com/dustin/go-humanize v1.0.1 // indirect
	github.com/google/uuid v1.6.0 // indirect
	github.com/remyoudompheng/bigfft v0.0.0-20230129092748-24d4a6f8daec // indirect
	modernc.org/mathutil v1.6.0 // indirect
	modernc.org/memory v1.8.0 // indirect
)
