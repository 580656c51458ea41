package cli

import (
	"context"
	"fmt"
	"os"

	"bianmin/internal/bianmin"
	"bianmin/internal/policy"
)

func runPolicy(ctx context.Context, env Env, args []string) error {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" {
		fmt.Fprintln(env.Stdout, "Usage:\n  bianmin policy print [--db …] [--centre ID] [--default]   print the effective policy, each parameter with its rule ID and source\n  bianmin policy validate FILE                             check a policy file; errors name line and field")
		return nil
	}
	switch args[0] {
	case "print":
		return policyPrint(ctx, env, args[1:])
	case "validate":
		return policyValidate(env, args[1:])
	}
	return bianmin.Errorf(bianmin.EINVALID, "未知子命令 policy "+args[0], "unknown subcommand policy "+args[0])
}

func policyPrint(ctx context.Context, env Env, args []string) error {
	fs := flags("policy print", env)
	db := dbFlag(fs, env)
	centreID := fs.Int64("centre", 0, "centre ID (default: the first centre)")
	defaults := fs.Bool("default", false, "print the built-in defaults from the seed regulations without opening a database")
	if err := fs.Parse(args); err != nil {
		return err
	}
	p, version := policy.Default(), 0
	if !*defaults {
		svc, done, err := openService(ctx, *db)
		if err != nil {
			return err
		}
		defer done()
		id := *centreID
		if id == 0 {
			centres, err := svc.AllCentres(ctx)
			if err != nil {
				return err
			}
			if len(centres) > 0 {
				id = centres[0].ID
			}
		}
		if id != 0 {
			if p, version, err = svc.EffectivePolicy(ctx, id); err != nil {
				return err
			}
		}
	}
	out, err := policy.Marshal(p)
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "# bianmin policy, version %d (0 = built-in defaults from the seed regulations)\n", version)
	env.Stdout.Write(out)
	return nil
}

func policyValidate(env Env, args []string) error {
	fs := flags("policy validate", env)
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "Usage: bianmin policy validate FILE   check a policy YAML file; errors name line and field")
	}
	if err := fs.Parse(args); err != nil {
		return err
	}
	if args = fs.Args(); len(args) != 1 {
		return bianmin.Errorf(bianmin.EINVALID, "用法：bianmin policy validate 文件", "usage: bianmin policy validate FILE")
	}
	data, err := os.ReadFile(args[0])
	if err != nil {
		return bianmin.Errorf(bianmin.EINVALID, "无法读取文件 "+args[0], "cannot read file "+args[0]).Wrap(err)
	}
	if _, err := policy.Parse(data); err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "有效 / valid: %s\n", args[0])
	return nil
}
