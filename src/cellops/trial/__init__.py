"""The newcomers' trial (TR): its dates, reviews, extensions and milestones."""
