"""内外网分离 (issue 13 §3): the portal host that holds only public data, and the file channel that
feeds it from the staff side (public data, one way) and brings back what citizens submitted there
(intake, acknowledged and then deleted). See docs/ARCHITECTURE.md, "The portal host"."""
