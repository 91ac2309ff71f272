// Replaced by the connection test (issue 3).
document.querySelector('[role=status]')!.textContent = 'The connection test is coming soon.';
