module example.com/orders

go 1.26

tool example.com/seed/cmd/seed

require (
	example.com/seed v0.0.0 // indirect
	github.com/mattn/go-sqlite3 v1.14.53 // indirect
)

replace example.com/seed => ./seed
