"""Broadcasting one push to many chats: the background task, its workers, exactly-once delivery,
and the summary of what happened."""
