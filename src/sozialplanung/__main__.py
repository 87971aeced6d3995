from sozialplanung.cli import main

main()
