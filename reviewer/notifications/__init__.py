"""In-site notifications and optional mail (站内通知与邮件提醒)."""
