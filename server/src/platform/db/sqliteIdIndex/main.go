// Command redress-sqlite-index adds, to every collection table of FerretDB's SQLite store, an index
// on the exact expression FerretDB 1.x looks documents up by (`_ferretdb_sjson->'$._id'`).
// FerretDB's own unique _id index is on `_ferretdb_sjson->"_id"`, which SQLite does not match to
// that expression, so without this every find, update and delete by _id scans the table.
// See ../sqliteIndexMirror.ts, which runs it.
//
// Usage:
//
//	redress-sqlite-index sync <file.sqlite|dir>...   prints how many indexes it created
//	redress-sqlite-index query <file.sqlite> <sql> [text args...]   prints each row as a JSON array
//	                                                              (for tests and benches)
//
// It uses the pure-Go SQLite driver FerretDB itself uses (same version as FerretDB 1.24.2), and is
// safe while FerretDB runs: the store is in WAL mode, and a busy timeout makes this tool wait for
// FerretDB's writers (FerretDB waits for it the same way, 10 s by default).
package main

import (
	"crypto/sha1"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"

	_ "modernc.org/sqlite"
)

// idExpr is FerretDB 1.24's metadata.IDColumn, textually: SQLite matches an index expression to a
// query's expression by its parsed form, so `->'$._id'` must be written exactly so.
const idExpr = `_ferretdb_sjson->'$._id'`

// IndexName is the name of the index on a table: a prefix no FerretDB index (`<table>_<name>`)
// can carry, and a digest so that any table name fits.
func indexName(table string) string {
	sum := sha1.Sum([]byte(table))
	return "rdx_sjson_id_" + hex.EncodeToString(sum[:])[:20]
}

func quoteIdent(s string) string {
	return `"` + strings.ReplaceAll(s, `"`, `""`) + `"`
}

// open opens an existing store file (never creates one: a database dropped meanwhile stays gone).
func open(file string) (*sql.DB, error) {
	u := url.URL{Scheme: "file", Opaque: file, RawQuery: "mode=rw&_pragma=busy_timeout(10000)"}
	db, err := sql.Open("sqlite", u.String())
	if err != nil {
		return nil, err
	}
	db.SetMaxOpenConns(1)
	return db, nil
}

func isGone(err error) bool {
	msg := err.Error()
	return strings.Contains(msg, "no such table") || strings.Contains(msg, "unable to open database file")
}

// syncFile creates the missing indexes of one store file; a file or table that disappears while it
// works (a dropped database or collection) is skipped.
func syncFile(file string) (int, error) {
	if _, err := os.Stat(file); errors.Is(err, os.ErrNotExist) {
		return 0, nil
	}
	db, err := open(file)
	if err != nil {
		return 0, err
	}
	defer db.Close()

	rows, err := db.Query(`SELECT c.table_name FROM _ferretdb_collections c
		WHERE EXISTS (SELECT 1 FROM sqlite_master t WHERE t.type = 'table' AND t.name = c.table_name)`)
	if err != nil {
		if isGone(err) {
			return 0, nil // a new file whose metadata table FerretDB has not created yet
		}
		return 0, err
	}
	var tables []string
	for rows.Next() {
		var t string
		if err := rows.Scan(&t); err != nil {
			rows.Close()
			return 0, err
		}
		tables = append(tables, t)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, err
	}

	created := 0
	for _, table := range tables {
		name := indexName(table)
		var n int
		if err := db.QueryRow(`SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name = ?`, name).Scan(&n); err != nil {
			return created, err
		}
		if n > 0 {
			continue
		}
		q := fmt.Sprintf(`CREATE INDEX IF NOT EXISTS %s ON %s (%s)`, quoteIdent(name), quoteIdent(table), idExpr)
		if _, err := db.Exec(q); err != nil {
			if isGone(err) {
				continue
			}
			return created, fmt.Errorf("%s: %w", table, err)
		}
		created++
	}
	return created, nil
}

func sync(paths []string) error {
	var files []string
	for _, p := range paths {
		st, err := os.Stat(p)
		if err != nil {
			if errors.Is(err, os.ErrNotExist) {
				continue
			}
			return err
		}
		if !st.IsDir() {
			files = append(files, p)
			continue
		}
		matches, err := filepath.Glob(filepath.Join(p, "*.sqlite"))
		if err != nil {
			return err
		}
		files = append(files, matches...)
	}
	total := 0
	var failed []string
	for _, f := range files {
		n, err := syncFile(f)
		total += n
		if err != nil {
			failed = append(failed, fmt.Sprintf("%s: %v", filepath.Base(f), err))
		}
	}
	fmt.Println(total)
	if len(failed) > 0 {
		return errors.New(strings.Join(failed, "; "))
	}
	return nil
}

func query(file, q string, args []string) error {
	db, err := open(file)
	if err != nil {
		return err
	}
	defer db.Close()
	params := make([]any, len(args))
	for i, a := range args {
		params[i] = a
	}
	rows, err := db.Query(q, params...)
	if err != nil {
		return err
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return err
	}
	out := json.NewEncoder(os.Stdout)
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			return err
		}
		for i, v := range vals {
			if b, ok := v.([]byte); ok {
				vals[i] = string(b)
			}
		}
		if err := out.Encode(vals); err != nil {
			return err
		}
	}
	return rows.Err()
}

func main() {
	var err error
	switch {
	case len(os.Args) >= 2 && os.Args[1] == "--version":
		fmt.Println("redress-sqlite-index 1")
	case len(os.Args) >= 3 && os.Args[1] == "sync":
		err = sync(os.Args[2:])
	case len(os.Args) >= 4 && os.Args[1] == "query":
		err = query(os.Args[2], os.Args[3], os.Args[4:])
	default:
		err = errors.New("usage: redress-sqlite-index sync <file.sqlite|dir>... | query <file.sqlite> <sql> [args...]")
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "redress-sqlite-index:", err)
		os.Exit(1)
	}
}
