"""English texts shown to users who chose English. Same keys as th.py."""

TEXTS: dict[str, str] = {
    # --- general ---
    "error.generic": "Something went wrong. Please try again.",
    # --- timeframe ---
    "timeframe.unreadable": (
        'Cannot read the timeframe "{text}". Write e.g. "Oct 2022 - Mar 2023", '
        '"1 ต.ค. 65 - 31 มี.ค. 66" or "ปีงบประมาณ 2566"'
    ),
    "timeframe.end_before_start": (
        'The timeframe "{text}" ends before it starts; check the months and years, '
        'e.g. "ต.ค. 65 - มี.ค. 66"'
    ),
    "timeframe.no_year": (
        'The timeframe "{text}" has no year; add one, e.g. "ม.ค. - มี.ค. 2566" or "ไตรมาสที่ 2/2566"'
    ),
    "timeframe.conflict": (
        'The timeframe "{text}" names periods that do not agree; give one, e.g. "ก.ค. - ก.ย. 2565"'
    ),
    "timeframe.until": "by {date}",
    "timeframe.since": "from {date}",
    # --- statuses ---
    "status.not_started": "Not started",
    "status.in_progress": "In progress",
    "status.done": "Done",
    "status.none": "No report yet",
    # --- command line ---
    "cli.description": "Follow-up bot for ITA integrity and transparency measures",
    "cli.org_exists": "Organisation {org} already exists",
    "cli.org_created": "Created organisation {org} ({name}) with {count} divisions",
    "cli.no_orgs": "No organisations yet. Create one: python -m bot org create ORG_ID --name NAME",
    "cli.divisions_word": "divisions",
    "cli.unknown_org": "No organisation with id \"{org}\" (see python -m bot org list)",
    "cli.bad_fiscal_year": "Fiscal year {year} is not valid; use a 4-digit B.E. year such as 2566",
    "cli.unknown_division": "Unknown division \"{division}\" in this organisation (it has: {names})",
    "cli.staff_needs_division": "A staff invite needs --division",
    "cli.invite_made": "Invite code: {code}\nValid until {expires}\nTelegram link: {link}",
    "cli.no_person": "No person \"{person}\" in this organisation; there are: {names}",
    "cli.chat_intro": "Chatting as {name} (type a number to tap a button, /quit to leave)",
    "cli.template_written": "Plan template written to {path}",
    "cli.plan_empty": "Organisation {org} has no plan yet. Import one: python -m bot plan import",
    # --- plan import ---
    "plan.file_missing": "File not found: {path}",
    "plan.error.unsupported_type": "{path} is not a supported plan file (.docx, .xlsx or .csv)",
    "plan.template_title": "Integrity and transparency measures plan, fiscal year ....",
    "plan.template_help": "One row per measure; keep the headers in row 2.",
    "plan.source_row": "row {row}",
    "plan.warn.empty_title": "row {row}, column \"{column}\": no measure title",
    "plan.warn.bad_assessment": "row {row}, column \"{column}\": \"{value}\" is not IIT, EIT or OIT",
    "plan.warn.bad_indicator": "row {row}, column \"{column}\": indicator \"{value}\" must be 1-10",
    "plan.warn.bad_item": "row {row}, column \"{column}\": item \"{value}\" must be O1-O43",
    "plan.warn.unknown_division": "row {row}, column \"{column}\": unknown division \"{value}\"",
    "plan.warn.no_division": "row {row}, column \"{column}\": no responsible division",
    "plan.warn.timeframe_defaulted": (
        "row {row}, column \"{column}\": no timeframe, using the whole fiscal year {year}"
    ),
    "plan.warn.bad_timeframe": "row {row}, column \"{column}\": {reason}",
    "plan.warn.bad_status": "row {row}, column \"{column}\": cannot read status \"{value}\"",
    "plan.rejected": "The plan cannot be imported yet; fix these {count} problems in the file:",
    "plan.problem.unknown_division": "unknown division \"{value}\" in this organisation",
    "plan.problem.timeframe": "{source}: cannot read timeframe \"{value}\"",
    "plan.preview_head": "{count} measures found",
    "plan.preview_division": "  {division}: {count}",
    "plan.preview_warnings": "{count} notes:",
    "plan.dry_run_note": "(dry run: nothing was saved)",
    "plan.saved": "Saved: {created} new, {updated} changed, {unchanged} unchanged "
    "({kept} earlier measures not in this file were kept)",
    # --- plan import: Word reader and errors (bot/plan/docx_reader.py) ---
    "plan.error.unreadable_file": (
        "Cannot open {path}: the file may be damaged, password-protected or not a Word "
        "(.docx) file. Save it as .docx without a password and send it again."
    ),
    "plan.error.no_measure_table": (
        "No measure table found in {path}. The table needs headers such as "
        "มาตรการ/แนวทาง, ผู้รับผิดชอบ and ระยะเวลาดำเนินการ."
    ),
    "plan.docx.source": "table {table} row {row}",
    "plan.docx.warn.no_title": '{source} column "{column}": no measure title',
    "plan.docx.warn.no_division": '{source} column "{column}": no responsible division',
    "plan.docx.warn.no_division_column": "{source}: this table has no responsible-division column",
    "plan.docx.warn.unknown_division": '{source} column "{column}": unknown division "{value}"',
    "plan.docx.warn.bad_timeframe": '{source} column "{column}": {reason}',
    "plan.docx.warn.timeframe_defaulted": (
        "{source}: no timeframe given; using the whole fiscal year {year}"
    ),
    "plan.docx.warn.no_timeframe": (
        "{source}: no timeframe given and the document names no fiscal year: no start or end"
    ),
    "plan.docx.warn.bad_item": '{source} column "{column}": cannot read item number "{value}"',
    "plan.docx.warn.status_conflict": (
        '{source} column "{column}": more than one status is ticked; status not read'
    ),
    "plan.docx.warn.no_status": '{source} column "{column}": no status ticked',
    "plan.docx.warn.bad_status": '{source} column "{column}": cannot read status "{value}"',
    "plan.docx.warn.skipped_table": (
        "table {table}: follows a measure table without a header and with a different "
        "number of columns, so it was not imported; please check it"
    ),
    # --- platforms ---
    "platforms.more_label": "More ({count})",
    "platforms.more_text": "More choices:",
    "platforms.choose": "Choose:",
    "platforms.file_link": "File {name}{size}\nDownload: {url}",
    "platforms.image_link": "Image{alt}: {url}",
    "platforms.more_messages": (
        "{count} more messages did not fit in one LINE answer; please ask again to see them"
    ),
    "platforms.telegram.webhook_set": "Telegram webhook set: {url}",
    "platforms.telegram.no_token": "TELEGRAM_BOT_TOKEN is not set",
    "platforms.telegram.bad_secret": (
        "TELEGRAM_SECRET_TOKEN must be 1-256 characters of A-Z a-z 0-9 _ and -"
    ),
    "platforms.telegram.bad_url": "The webhook URL must start with https://, got {url}",
    "platforms.telegram.webhook_failed": "Telegram refused the webhook: {reason}",
    # --- chat ---
    "chat.too_long": "That message is too long (over {limit} characters). Please send something shorter; nothing was saved.",
    "chat.busy": "Still working on your previous message; please wait a moment and send again.",
    "chat.not_allowed": "This command is not open to your role. Type help to see what you can do.",
    "chat.stale_choice": "That button no longer works (over 30 minutes old, or already used). Start again from the menu.",
    "chat.cancelled": "Cancelled; nothing was saved.",
    "chat.nothing_to_cancel": "There is nothing in progress.",
    "chat.not_understood": "Sorry, I did not understand. Pick from the menu or type help.",
    "chat.attachment_outside_report": "File received, but you are not reporting yet. Tap Report and pick a measure first.",
    "chat.next_page": "Next ▶",
    "chat.cancel_button": "Cancel",
    # --- menu and help ---
    "menu.my_measures": "My measures",
    "menu.report": "Report",
    "menu.amend": "Amend last report",
    "menu.help": "Help",
    "help.head": "Hello {name} ({org})",
    "help.staff": "Report progress on measures:\n• my measures: your division's measures by deadline\n• report: measure → status → what was done → evidence → confirm\n• one line: report 12 done manual published (or in progress 50%)\n• amend: amend your last report (history is kept)",
    "help.secretary": "Secretary: you may report on every measure of the organisation",
    "help.chief": "Chief: you receive the monthly summary and acknowledge it",
    "help.common": "• cancel: leave the current step\n• link account: get a code to use both LINE and Telegram\n• ภาษาไทย: switch to Thai",
    "help.welcome_back": "Welcome back, {name}",
    # --- joining ---
    "join.how": "Hello! This bot follows up the ITA measures of your organisation. To join, ask the secretary for an 8-character invite code and send it here.",
    "join.unknown": "Invite code {code} was not found. Check the letters or ask the secretary for a new one.",
    "join.expired": "Invite code {code} has expired. Ask the secretary for a new one.",
    "join.used_up": "Invite code {code} has been used up. Ask the secretary for a new one.",
    "join.welcome": "Welcome {name} to {org} as {role}{division}",
    "join.link_code": "Your link code: {code}\nSend it on the other platform (LINE or Telegram) within 24 hours.",
    "role.staff": "staff",
    "role.secretary": "secretary",
    "role.chief": "chief",
    "role.admin": "administrator",
    "settings.language_set": "Language set to English",
    # --- my measures ---
    "mywork.none": "You have no measures to report on yet.",
    "mywork.head": "Measures of {division} ({count})",
    "mywork.line": "{number}. {title}\n   {status} · {due}",
    "mywork.more": "(showing {shown} of {count}; tap Next for more)",
    "mywork.tip": "Tap a measure number below to report on it",
    "mywork.done": "done",
    "mywork.no_deadline": "no deadline",
    "mywork.overdue": "{days} days overdue (due {end})",
    "mywork.due_today": "due today ({end})",
    "mywork.days_left": "{days} days left (due {end})",
    # --- report conversation ---
    "report.ask_measure": "Pick the measure to report on (or type its number)",
    "report.no_such_measure": "There is no measure number {number} in your organisation",
    "report.not_reporter": "Your role does not report on measures",
    "report.other_division": "Measure {number} belongs to {divisions}, not {division}, so you cannot report on it. Tell the secretary if this is wrong.",
    "report.ask_status": "Measure {number}: {title}\nWhat is its status?",
    "report.bad_status": "I could not read that status; please pick a button",
    "report.ask_text": "Type what was done (a percentage is welcome, e.g. 50%)",
    "report.skip_text": "Skip",
    "report.ask_evidence": "Send evidence: photos, PDF/DOCX/XLSX files or links, as many as needed, then tap Finished",
    "report.ask_evidence_done": "A finished measure should have evidence. Send photos, PDF/DOCX/XLSX files or links, then tap Finished (or No evidence and say why)",
    "report.evidence_finished": "Finished",
    "report.no_evidence": "No evidence",
    "report.evidence_full": "At most {limit} pieces of evidence; tap Finished to go on",
    "report.evidence_what": "This step takes photos, files or links (starting with https://). Tap Finished when done.",
    "report.evidence_added": "Evidence {count} received: {name}",
    "report.photo": "photo",
    "report.ask_reason": "Please say why there is no evidence (it is saved with the report)",
    "report.summary_head": "Measure {number}: {title}",
    "report.summary_status": "Status: {status}",
    "report.summary_text": "What was done: {text}",
    "report.summary_evidence": "{count} pieces of evidence: {names}",
    "report.summary_reason": "No evidence because: {reason}",
    "report.ask_confirm": "Is this right?",
    "report.confirm": "Confirm",
    "report.saved": "✅ Report saved",
    "report.already_saved": "This report was already saved, or it timed out (30 minutes). Start again with report.",
    "report.shortcut_help": "One-line form: report <number> <status> <what was done>, e.g. report 12 done manual published",
    "report.nothing_to_amend": "You have no report to amend yet",
    "report.amending": "Amending your last report on measure {number} (was: {status}); the old report stays in the history",
    # --- evidence ---
    "evidence.too_big": "The file is over 10 MB. Make it smaller or send a link instead.",
    "evidence.bad_type": "Only images (JPG, PNG) and PDF, DOCX, XLSX files are accepted, or a link.",
    "evidence.download_failed": "Could not fetch the file from the platform",
}
