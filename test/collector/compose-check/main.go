// Command compose-check loads Compose files the way `docker compose config`
// does, with the same library (compose-go): YAML parsing, the Compose
// Specification JSON schema, ${VAR} interpolation, normalisation and the
// consistency checks (unknown services in depends_on, undeclared volumes and
// networks, ...). It needs no Docker engine, so tests can validate
// docker-compose.yml on machines that only have Go.
//
//	go run . /abs/path/docker-compose.yml   # prints the resolved project as JSON
package main

import (
	"context"
	"fmt"
	"os"

	"github.com/compose-spec/compose-go/v2/cli"
)

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: compose-check COMPOSE_FILE [OVERRIDE_FILE...]")
		os.Exit(2)
	}
	options, err := cli.NewProjectOptions(os.Args[1:],
		cli.WithOsEnv,
		cli.WithDotEnv,
		cli.WithInterpolation(true),
		cli.WithResolvedPaths(true),
		cli.WithNormalization(true),
		cli.WithConsistency(true),
	)
	if err != nil {
		fail(err)
	}
	project, err := options.LoadProject(context.Background())
	if err != nil {
		fail(err)
	}
	out, err := project.MarshalJSON()
	if err != nil {
		fail(err)
	}
	fmt.Println(string(out))
}

func fail(err error) {
	fmt.Fprintf(os.Stderr, "compose-check: %v\n", err)
	os.Exit(1)
}
