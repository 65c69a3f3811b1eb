"""The termbase as data: loading the YAML (with lines), the structural checks of
`dilmac termbase validate`, and TBX/CSV interchange."""
