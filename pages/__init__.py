"""Pages that belong to the portal as a whole: contact, accessibility statement, language choice."""
