// Command bianmin runs a convenience service centre (便民服务中心) by its own
// regulations. See README.md.
package main

import (
	"context"
	"os"

	"bianmin/internal/cli"
)

func main() {
	os.Exit(cli.Main(context.Background(), cli.OSEnv()))
}
