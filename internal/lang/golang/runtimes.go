package golang

// Runtimes are the runtime aliases Go accepts, for the registry (spec validation, the schema,
// lint). The provider's runtime table maps them to images.
func (Provider) Runtimes() []string { return []string{"distroless", "scratch", "alpine", "slim"} }
