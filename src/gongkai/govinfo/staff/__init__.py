"""The staff screens of 政务信息报送, one package per part of the work."""
