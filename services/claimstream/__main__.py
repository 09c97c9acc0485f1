from claimstream.cli import main

raise SystemExit(main())
