"""The extraction workers: a faust app whose agent turns news.articles into claim messages."""
