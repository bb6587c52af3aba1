"""kechuang's terminal interfaces: the command line and the Textual explorer."""
