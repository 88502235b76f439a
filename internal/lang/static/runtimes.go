package static

// Runtimes are the runtime aliases static sites accepts, for the registry (spec validation, the schema,
// lint). The provider's runtime table maps them to images.
func (Provider) Runtimes() []string { return []string{"static"} }
