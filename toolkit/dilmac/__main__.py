from dilmac.cli.main import main

main()
