"""Command line of the data pack: ``python -m selloff.data {refresh,check,accept,recover,list}``."""

from __future__ import annotations

import argparse
import sys
from typing import Sequence

from selloff.data import pack, sources, transaction as _refresh
from selloff.data.errors import DataError


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of ``python -m selloff.data``; returns the exit status (0 ok, 1 a failure, 2 bad usage)."""
    parser = argparse.ArgumentParser(prog="python -m selloff.data", description="Data pack tools for the book.")
    sub = parser.add_subparsers(dest="cmd", required=True)
    p_ref = sub.add_parser("refresh", help="re-download from the official sources and swap the rebuilt files in, all or nothing")
    p_ref.add_argument("names", nargs="*", metavar="NAME", help="resources to refresh (default: all)")
    p_ref.add_argument("--timeout", default=str(sources.DEFAULT_TIMEOUT),
                       help="overall deadline for every download together, seconds (default 30)")
    p_ref.add_argument("--allow-shrink", action="store_true",
                       help="accept rebuilt files covering less (rows, or any column's first/last value) than the snapshot")
    p_chk = sub.add_parser("check", help="check resources against datapackage.json (what load() checks)")
    p_chk.add_argument("names", nargs="*", metavar="NAME")
    p_acc = sub.add_parser("accept", help="re-validate files edited on purpose and record their new hash, size and coverage")
    p_acc.add_argument("names", nargs="+", metavar="NAME")
    sub.add_parser("recover", help="finish a refresh interrupted by a crash; remove its temporary files")
    sub.add_parser("list", help="list resources")
    for p in (p_ref, p_chk, p_acc, *sub.choices.values()):
        if not any(a.dest == "data_dir" for a in p._actions):
            p.add_argument("--data-dir", default=None, help="data directory (default: SELLOFF_DATA_DIR, else the package's own)")
    args = parser.parse_args(argv)
    try:
        if args.cmd == "list":
            for n in pack.available(args.data_dir):
                d = pack.describe(n, args.data_dir)
                print(f"{n}\t{d['coverage'].get('start')}..{d['coverage'].get('end')}\t{d['title']}")
            return 0
        if args.cmd == "check":
            bad = 0
            for n in args.names or pack.available(args.data_dir):
                try:
                    df = pack.load(n, args.data_dir)
                    print(f"ok   {n}: {len(df)} rows")
                except DataError as exc:
                    bad += 1
                    print(f"FAIL {n}: {' '.join(str(exc).split())}")
            return 1 if bad else 0
        if args.cmd == "accept":
            for line in _refresh.accept(args.names, data_dir=args.data_dir):
                print(line)
            return 0
        if args.cmd == "recover":
            print(_refresh.recover(data_dir=args.data_dir))
            return 0
        try:
            timeout = sources.check_timeout(float(args.timeout))
        except ValueError:
            raise ValueError(f"--timeout must be a finite number of seconds, more than 0 and at most "
                             f"{sources.MAX_TIMEOUT:g}; got {args.timeout!r}") from None
        results = _refresh.refresh(args.names or None, data_dir=args.data_dir, timeout=timeout,
                                   allow_shrink=args.allow_shrink)
    except (ValueError, OSError) as exc:  # DataError is a ValueError
        print(f"error: {' '.join(str(exc).split())}", file=sys.stderr)
        return 2 if not isinstance(exc, (DataError, OSError)) else 1
    for r in results:
        print(r.line(), file=sys.stdout if r.ok else sys.stderr)
    return 0 if all(r.ok for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
