from vizdl.cli import main

main()
