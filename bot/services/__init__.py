"""Services: the application logic every surface calls (questions, files, admin work, subscriptions).

Handlers, the terminal and the scheduled pushes call these functions; they read and write the store.
"""
