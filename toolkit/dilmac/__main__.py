from dilmac.cli import main

main()
