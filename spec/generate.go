package spec

// schema.json is the JSON schema of the spec, for editors; spec/schemagen writes it from the
// types and doc comments above, and vocabulary.go (the languages and runtime aliases) from the
// providers' registry. Its test fails when either is stale.
//go:generate go run ./schemagen -o schema.json -vocabulary vocabulary.go
