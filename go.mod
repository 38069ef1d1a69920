module pitboss

go 1.25.0
