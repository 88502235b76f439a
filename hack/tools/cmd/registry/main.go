// Command registry is the distribution registry (github.com/distribution/distribution/v3) with
// only the filesystem storage driver: what the testbed stores its images with. Its own
// cmd/registry also links the Azure, GCS and S3 drivers, whose SDKs double the compile for
// nothing the testbed uses. The configuration file and the storage layout are the same.
package main

import (
	"os"

	"github.com/distribution/distribution/v3/registry"
	_ "github.com/distribution/distribution/v3/registry/storage/driver/filesystem"
)

func main() {
	if err := registry.RootCmd.Execute(); err != nil {
		os.Exit(1)
	}
}
