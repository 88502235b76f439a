package spec

// schema.json is the JSON schema of the spec, for editors; spec/schemagen writes it from the
// types and doc comments above, and its test fails when it is stale.
//go:generate go run ./schemagen -o schema.json
