"""Official bulletins (通报、公示) generated as Word documents."""
