"""The desk's back-office views: received items (desk), issues, publications, adoptions above."""
