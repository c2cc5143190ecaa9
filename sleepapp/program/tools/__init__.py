"""The course's tools: worry time and thought records (saved, private, exported), and the
relaxation pages (paced breathing, muscle relaxation, body scan; nothing saved)."""
