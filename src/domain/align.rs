// placeholder while the alignment module is written on another branch
