"""Thai texts shown to users. Add keys in the section of your module."""

TEXTS: dict[str, str] = {
    # --- general ---
    "error.generic": "เกิดข้อผิดพลาด กรุณาลองใหม่อีกครั้ง",
    # --- timeframe ---
    "timeframe.unreadable": (
        'อ่านระยะเวลา "{text}" ไม่ได้ กรุณาเขียนเช่น "ต.ค. 2565 - มี.ค. 2566", '
        '"1 ต.ค. 65 - 31 มี.ค. 66" หรือ "ปีงบประมาณ 2566"'
    ),
    "timeframe.end_before_start": (
        'ระยะเวลา "{text}" สิ้นสุดก่อนวันเริ่มต้น กรุณาตรวจสอบเดือนและปี เช่น "ต.ค. 65 - มี.ค. 66"'
    ),
    "timeframe.no_year": (
        'ระยะเวลา "{text}" ไม่ได้ระบุปี กรุณาเติมปี เช่น "ม.ค. - มี.ค. 2566" หรือ "ไตรมาสที่ 2/2566"'
    ),
    "timeframe.conflict": (
        'ระยะเวลา "{text}" มีช่วงเวลาที่ไม่ตรงกัน กรุณาระบุช่วงเดียว เช่น "ก.ค. - ก.ย. 2565"'
    ),
    "timeframe.until": "ภายใน {date}",
    "timeframe.since": "ตั้งแต่ {date}",
    # --- statuses ---
    "status.not_started": "ยังไม่ได้ดำเนินการ",
    "status.in_progress": "อยู่ระหว่างดำเนินการ",
    "status.done": "ดำเนินการแล้ว",
    "status.none": "ยังไม่รายงาน",
    # --- command line ---
    "cli.description": "บอทติดตามมาตรการส่งเสริมคุณธรรมและความโปร่งใส (ITA)",
    "cli.org_exists": "มีหน่วยงานรหัส {org} อยู่แล้ว",
    "cli.org_created": "สร้างหน่วยงาน {org} ({name}) แล้ว มี {count} ส่วนราชการ",
    "cli.no_orgs": "ยังไม่มีหน่วยงาน สร้างด้วย: python -m bot org create ORG_ID --name ชื่อ",
    "cli.divisions_word": "ส่วนราชการ",
    "cli.unknown_org": "ไม่พบหน่วยงานรหัส \"{org}\" (ดูรายการด้วย python -m bot org list)",
    "cli.bad_fiscal_year": "ปีงบประมาณ {year} ไม่ถูกต้อง ใช้ปี พ.ศ. 4 หลัก เช่น 2566",
    "cli.unknown_division": "ไม่รู้จักส่วนราชการ \"{division}\" ในหน่วยงานนี้ (มี: {names})",
    "cli.staff_needs_division": "รหัสเชิญเจ้าหน้าที่ต้องระบุ --division",
    "cli.invite_made": "รหัสเชิญ: {code}\nใช้ได้ถึง {expires}\nลิงก์ Telegram: {link}",
    "cli.no_person": "ไม่พบบุคคล \"{person}\" ในหน่วยงานนี้ มี: {names}",
    "cli.chat_intro": "คุยในนาม {name} (พิมพ์ตัวเลขเพื่อแตะปุ่ม, /quit เพื่อออก)",
    "cli.template_written": "บันทึกแบบฟอร์มแผนที่ {path} แล้ว",
    "cli.plan_empty": "หน่วยงาน {org} ยังไม่มีแผนมาตรการ นำเข้าด้วย python -m bot plan import",
    # --- plan import ---
    "plan.file_missing": "ไม่พบไฟล์ {path}",
    "plan.error.unsupported_type": "ไฟล์ {path} ไม่ใช่ไฟล์แผนที่รองรับ (ใช้ .docx, .xlsx หรือ .csv)",
    "plan.template_title": "แผนมาตรการส่งเสริมคุณธรรมและความโปร่งใส ประจำปีงบประมาณ พ.ศ. ....",
    "plan.template_help": (
        "วิธีกรอกแบบฟอร์มแผนมาตรการ\n"
        "1. หนึ่งแถวต่อหนึ่งมาตรการ ห้ามแก้ไขชื่อหัวตารางในแถวที่ 2\n"
        "2. ประเภทการประเมิน: IIT, EIT หรือ OIT\n"
        "3. ตัวชี้วัดที่: 1-10 / ข้อ OIT: O1-O43 (เฉพาะมาตรการ OIT)\n"
        "4. ผู้รับผิดชอบ: ชื่อส่วนราชการ คั่นด้วยจุลภาค เช่น สำนักปลัด, กองคลัง หรือ ทุกส่วนงาน\n"
        "5. ระยะเวลาดำเนินการ: เช่น ต.ค. 69 - มี.ค. 70, 1 ต.ค. 2569 - 31 มี.ค. 2570, "
        "ปีงบประมาณ 2570 หรือ - ถ้าไม่มี\n"
        "6. สถานะ (ไม่บังคับ): ยังไม่ได้ดำเนินการ / อยู่ระหว่างดำเนินการ / ดำเนินการแล้ว\n"
        "7. แก้ปีงบประมาณในแถวที่ 1 ให้ถูกต้อง ใช้เป็นค่าเริ่มต้นเมื่อไม่ได้กรอกระยะเวลา"
    ),
    "plan.source_row": "แถว {row}",
    "plan.warn.empty_title": "แถว {row} คอลัมน์ \"{column}\": ไม่มีชื่อมาตรการ",
    "plan.warn.bad_assessment": "แถว {row} คอลัมน์ \"{column}\": \"{value}\" ไม่ใช่ IIT, EIT หรือ OIT",
    "plan.warn.bad_indicator": "แถว {row} คอลัมน์ \"{column}\": ตัวชี้วัด \"{value}\" ต้องเป็น 1-10",
    "plan.warn.bad_item": "แถว {row} คอลัมน์ \"{column}\": ข้อ \"{value}\" ต้องเป็น O1-O43",
    "plan.warn.unknown_division": "แถว {row} คอลัมน์ \"{column}\": ไม่รู้จักส่วนราชการ \"{value}\"",
    "plan.warn.no_division": "แถว {row} คอลัมน์ \"{column}\": ไม่ได้ระบุผู้รับผิดชอบ",
    "plan.warn.timeframe_defaulted": (
        "แถว {row} คอลัมน์ \"{column}\": ไม่ได้ระบุระยะเวลา ใช้ทั้งปีงบประมาณ {year} แทน"
    ),
    "plan.warn.bad_timeframe": "แถว {row} คอลัมน์ \"{column}\": {reason}",
    "plan.warn.bad_status": "แถว {row} คอลัมน์ \"{column}\": อ่านสถานะ \"{value}\" ไม่ได้",
    "plan.rejected": "ยังนำเข้าแผนไม่ได้ พบปัญหา {count} รายการที่ต้องแก้ในไฟล์ก่อน:",
    "plan.problem.unknown_division": (
        "ไม่รู้จักส่วนราชการ \"{value}\" ในหน่วยงานนี้ (แก้ชื่อในไฟล์ หรือเพิ่มส่วนราชการก่อน)"
    ),
    "plan.problem.timeframe": "{source}: อ่านระยะเวลา \"{value}\" ไม่ได้",
    "plan.preview_head": "พบมาตรการ {count} รายการ",
    "plan.preview_division": "  {division}: {count} รายการ",
    "plan.preview_warnings": "ข้อสังเกต {count} รายการ:",
    "plan.dry_run_note": "(ทดลองอ่านเท่านั้น ยังไม่ได้บันทึก)",
    "plan.saved": "บันทึกแล้ว: เพิ่มใหม่ {created} แก้ไข {updated} ไม่เปลี่ยน {unchanged} "
    "(มาตรการเดิมที่ไม่อยู่ในไฟล์ {kept} รายการ ยังเก็บไว้)",
    # --- plan import: Word reader and errors (bot/plan/docx_reader.py) ---
    "plan.error.unreadable_file": (
        "เปิดไฟล์ {path} ไม่ได้ ไฟล์อาจเสียหาย ตั้งรหัสผ่านไว้ หรือไม่ใช่ไฟล์ Word (.docx) "
        "กรุณาบันทึกเป็น .docx โดยไม่ตั้งรหัสผ่าน แล้วส่งใหม่"
    ),
    "plan.error.no_measure_table": (
        "ไม่พบตารางมาตรการในไฟล์ {path} ตารางต้องมีหัวตาราง เช่น มาตรการ/แนวทาง "
        "ผู้รับผิดชอบ และระยะเวลาดำเนินการ"
    ),
    "plan.docx.source": "ตาราง {table} แถว {row}",
    "plan.docx.warn.no_title": '{source} คอลัมน์ "{column}": ไม่มีชื่อมาตรการ',
    "plan.docx.warn.no_division": '{source} คอลัมน์ "{column}": ไม่ได้ระบุผู้รับผิดชอบ',
    "plan.docx.warn.no_division_column": "{source}: ตารางนี้ไม่มีคอลัมน์ผู้รับผิดชอบ",
    "plan.docx.warn.unknown_division": ('{source} คอลัมน์ "{column}": ไม่รู้จักส่วนราชการ "{value}"'),
    "plan.docx.warn.bad_timeframe": '{source} คอลัมน์ "{column}": {reason}',
    "plan.docx.warn.timeframe_defaulted": ("{source}: ไม่ได้ระบุระยะเวลา ใช้ทั้งปีงบประมาณ {year} แทน"),
    "plan.docx.warn.no_timeframe": (
        "{source}: ไม่ได้ระบุระยะเวลา และเอกสารไม่ได้ระบุปีงบประมาณ จึงไม่มีวันเริ่มและวันสิ้นสุด"
    ),
    "plan.docx.warn.bad_item": '{source} คอลัมน์ "{column}": อ่านเลขข้อ "{value}" ไม่ได้',
    "plan.docx.warn.status_conflict": (
        '{source} คอลัมน์ "{column}": เลือกสถานะไว้มากกว่าหนึ่งช่อง จึงไม่ได้อ่านสถานะ'
    ),
    "plan.docx.warn.no_status": '{source} คอลัมน์ "{column}": ไม่ได้เลือกสถานะ',
    "plan.docx.warn.bad_status": '{source} คอลัมน์ "{column}": อ่านสถานะ "{value}" ไม่ได้',
    "plan.docx.warn.skipped_table": (
        "ตาราง {table}: ต่อจากตารางมาตรการแต่ไม่มีหัวตาราง และจำนวนคอลัมน์ไม่ตรงกับตารางก่อนหน้า "
        "จึงไม่ได้นำเข้า กรุณาตรวจสอบ"
    ),
    # --- platforms ---
    "platforms.more_label": "ดูเพิ่ม ({count})",
    "platforms.more_text": "ตัวเลือกเพิ่มเติม:",
    "platforms.choose": "เลือกรายการ:",
    "platforms.file_link": "ไฟล์ {name}{size}\nดาวน์โหลด: {url}",
    "platforms.image_link": "รูปภาพ{alt}: {url}",
    "platforms.more_messages": "ยังมีอีก {count} ข้อความที่ LINE ส่งในครั้งเดียวไม่ได้ กรุณาขอดูใหม่อีกครั้ง",
    "platforms.telegram.webhook_set": "ตั้ง webhook ของ Telegram แล้ว: {url}",
    "platforms.telegram.no_token": "ยังไม่ได้ตั้ง TELEGRAM_BOT_TOKEN",
    "platforms.telegram.bad_secret": (
        "TELEGRAM_SECRET_TOKEN ต้องมี 1-256 ตัวอักษร ใช้ได้เฉพาะ A-Z a-z 0-9 _ และ -"
    ),
    "platforms.telegram.bad_url": "URL ของ webhook ต้องขึ้นต้นด้วย https:// ได้รับ {url}",
    "platforms.telegram.webhook_failed": "Telegram ไม่รับ webhook: {reason}",
    # --- chat ---
    "chat.too_long": "ข้อความยาวเกินไป (เกิน {limit} ตัวอักษร) กรุณาส่งให้สั้นลง ข้อมูลยังไม่ถูกบันทึก",
    "chat.busy": "กำลังทำรายการก่อนหน้าอยู่ กรุณารอสักครู่แล้วส่งใหม่",
    "chat.not_allowed": "คำสั่งนี้ไม่ได้เปิดให้บทบาทของคุณ พิมพ์ ช่วยเหลือ เพื่อดูสิ่งที่ทำได้",
    "chat.stale_choice": "ปุ่มนี้ใช้ไม่ได้แล้ว (อาจหมดเวลาเกิน 30 นาที หรือทำรายการไปแล้ว) เริ่มใหม่ได้จากเมนู",
    "chat.cancelled": "ยกเลิกแล้ว ไม่มีการบันทึกข้อมูล",
    "chat.nothing_to_cancel": "ตอนนี้ไม่มีรายการที่ค้างอยู่",
    "chat.not_understood": "ไม่เข้าใจคำสั่ง ลองเลือกจากเมนู หรือพิมพ์ ช่วยเหลือ",
    "chat.attachment_outside_report": "ได้รับไฟล์แล้ว แต่ยังไม่ได้อยู่ในขั้นตอนรายงาน กด รายงาน แล้วเลือกมาตรการก่อน จึงส่งหลักฐาน",
    "chat.next_page": "ถัดไป ▶",
    "chat.cancel_button": "ยกเลิก",
    # --- menu and help ---
    "menu.my_measures": "งานของฉัน",
    "menu.report": "รายงาน",
    "menu.amend": "แก้ไขรายงานล่าสุด",
    "menu.help": "ช่วยเหลือ",
    "help.head": "สวัสดี {name} ({org})",
    "help.staff": "รายงานความก้าวหน้ามาตรการ:\n• งานของฉัน: ดูมาตรการของกอง เรียงตามกำหนดส่ง\n• รายงาน: เลือกมาตรการ → สถานะ → ผลการดำเนินการ → หลักฐาน → ยืนยัน\n• พิมพ์สั้น: รายงาน 12 เสร็จ จัดทำคู่มือแล้ว (หรือ กำลังทำ 50%)\n• แก้ไข: แก้รายงานล่าสุดของคุณ (ประวัติเดิมยังเก็บไว้)",
    "help.secretary": "เลขานุการ: รายงานได้ทุกมาตรการของหน่วยงาน\n• สรุป: ดูสรุปและรายชื่อผู้บริหารที่รับทราบแล้ว",
    "help.chief": "ผู้บริหาร: รับสรุปผลทุกต้นเดือนและกด รับทราบ\n• สรุป: ดูสรุปเดือนนี้ หรือ สรุป มี.ค. 66",
    "help.common": "• ยกเลิก: ออกจากขั้นตอนที่ทำอยู่\n• ลา ถึง 15 มี.ค.: หยุดรับแจ้งเตือนชั่วคราว\n• เชื่อมบัญชี: รับรหัสเพื่อใช้บัญชีเดียวกันทั้ง LINE และ Telegram\n• English: เปลี่ยนเป็นภาษาอังกฤษ",
    "help.welcome_back": "ยินดีต้อนรับกลับ {name}",
    # --- joining ---
    "join.how": "สวัสดีครับ บอทนี้ใช้ติดตามมาตรการ ITA ของหน่วยงาน\nหากต้องการเข้าใช้งาน กรุณาขอรหัสเชิญ 8 ตัวจากเลขานุการคณะทำงาน แล้วพิมพ์รหัสนั้นส่งมาที่นี่",
    "join.unknown": "ไม่พบรหัสเชิญ {code} กรุณาตรวจสอบตัวอักษรอีกครั้ง หรือขอรหัสใหม่จากเลขานุการ",
    "join.expired": "รหัสเชิญ {code} หมดอายุแล้ว กรุณาขอรหัสใหม่จากเลขานุการ",
    "join.used_up": "รหัสเชิญ {code} ถูกใช้ครบจำนวนแล้ว กรุณาขอรหัสใหม่จากเลขานุการ",
    "join.welcome": "ยินดีต้อนรับ {name} เข้าสู่ {org} ในฐานะ{role}{division}",
    "join.link_code": "รหัสเชื่อมบัญชีของคุณ: {code}\nส่งรหัสนี้ในอีกแพลตฟอร์มหนึ่ง (LINE หรือ Telegram) ภายใน 24 ชั่วโมง",
    "role.staff": "เจ้าหน้าที่",
    "role.secretary": "เลขานุการ",
    "role.chief": "ผู้บริหาร",
    "role.admin": "ผู้ดูแลระบบ",
    "settings.language_set": "ตั้งค่าภาษาไทยแล้ว",
    # --- my measures ---
    "mywork.none": "ยังไม่มีมาตรการที่คุณต้องรายงาน",
    "mywork.head": "มาตรการของ {division} ({count} รายการ)",
    "mywork.line": "{number}. {title}\n   {status} · {due}",
    "mywork.more": "(แสดง {shown} จาก {count} รายการ กด ถัดไป เพื่อดูต่อ)",
    "mywork.tip": "แตะหมายเลขมาตรการด้านล่างเพื่อรายงาน",
    "mywork.done": "เสร็จแล้ว",
    "mywork.no_deadline": "ไม่มีกำหนด",
    "mywork.overdue": "เลยกำหนด {days} วัน (ครบ {end})",
    "mywork.due_today": "ครบกำหนดวันนี้ ({end})",
    "mywork.days_left": "เหลือ {days} วัน (ครบ {end})",
    # --- report conversation ---
    "report.ask_measure": "เลือกมาตรการที่จะรายงาน (หรือพิมพ์หมายเลข)",
    "report.no_such_measure": "ไม่พบมาตรการหมายเลข {number} ในหน่วยงานของคุณ",
    "report.not_reporter": "บทบาทของคุณไม่ได้รายงานมาตรการ",
    "report.other_division": "มาตรการ {number} เป็นของ {divisions} ไม่ใช่ {division} จึงรายงานไม่ได้ หากผิดพลาดกรุณาแจ้งเลขานุการ",
    "report.ask_status": "มาตรการ {number}: {title}\nสถานะตอนนี้เป็นอย่างไร",
    "report.bad_status": "อ่านสถานะไม่ได้ กรุณาเลือกจากปุ่ม",
    "report.ask_text": "พิมพ์สิ่งที่ได้ดำเนินการ (ใส่ร้อยละได้ เช่น 50% หรือ ๕๐%)",
    "report.skip_text": "ข้าม",
    "report.ask_evidence": "ส่งหลักฐาน: รูปถ่าย ไฟล์ PDF/DOCX/XLSX หรือลิงก์ ได้หลายรายการ แล้วกด เสร็จสิ้น",
    "report.ask_evidence_done": "มาตรการที่ดำเนินการแล้วควรมีหลักฐาน ส่งรูปถ่าย ไฟล์ PDF/DOCX/XLSX หรือลิงก์ แล้วกด เสร็จสิ้น (ถ้าไม่มี กด ไม่มีหลักฐาน แล้วบอกเหตุผล)",
    "report.evidence_finished": "เสร็จสิ้น",
    "report.no_evidence": "ไม่มีหลักฐาน",
    "report.evidence_full": "แนบหลักฐานได้สูงสุด {limit} รายการ กด เสร็จสิ้น เพื่อไปต่อ",
    "report.evidence_what": "ขั้นตอนนี้รับรูปถ่าย ไฟล์ หรือลิงก์ (ขึ้นต้นด้วย https://) กด เสร็จสิ้น เมื่อครบ",
    "report.evidence_added": "รับหลักฐานที่ {count} แล้ว: {name}",
    "report.photo": "รูปถ่าย",
    "report.ask_reason": "กรุณาบอกเหตุผลที่ไม่มีหลักฐาน (จะบันทึกไว้กับรายงาน)",
    "report.summary_head": "มาตรการ {number}: {title}",
    "report.summary_status": "สถานะ: {status}",
    "report.summary_text": "ผลการดำเนินการ: {text}",
    "report.summary_evidence": "หลักฐาน {count} รายการ: {names}",
    "report.summary_reason": "ไม่มีหลักฐาน เพราะ: {reason}",
    "report.ask_confirm": "ถูกต้องหรือไม่",
    "report.confirm": "ยืนยัน",
    "report.saved": "✅ บันทึกรายงานแล้ว",
    "report.already_saved": "รายงานนี้บันทึกไปแล้ว หรือหมดเวลา (เกิน 30 นาที) เริ่มใหม่ได้ด้วย รายงาน",
    "report.shortcut_help": "รูปแบบพิมพ์สั้น: รายงาน <หมายเลข> <สถานะ> <ผลการดำเนินการ> เช่น รายงาน 12 เสร็จ จัดทำคู่มือแล้ว\nสถานะ: เสร็จ / กำลังทำ / ยังไม่ได้ดำเนินการ",
    "report.nothing_to_amend": "ยังไม่มีรายงานของคุณให้แก้ไข",
    "report.amending": "แก้ไขรายงานล่าสุดของมาตรการ {number} (เดิม: {status}) รายงานเดิมยังเก็บไว้ในประวัติ",
    # --- reminders ---
    "reminders.head": "🔔 เตือนมาตรการ ITA วันที่ {date}",
    "reminders.head_digest": "📋 สรุปประจำสัปดาห์สำหรับเลขานุการ วันที่ {date}",
    "reminders.missing": "ยังไม่รายงานความก้าวหน้าเดือน {month}: {divisions}",
    "reminders.section.escalation": "⚠️ เลยกำหนดและยังไม่เสร็จ (ขอให้ช่วยติดตาม):",
    "reminders.section.overdue": "เลยกำหนด:",
    "reminders.section.due": "ใกล้ครบกำหนด:",
    "reminders.section.start": "เริ่มระยะเวลาดำเนินการ:",
    "reminders.section.nudge": "เดือน {month} ยังไม่ได้รายงานความก้าวหน้า:",
    "reminders.line": "• {number}. {title}\n   {when}",
    "reminders.line_divisions": "• {number}. {title}\n   {when} · {divisions}",
    "reminders.overdue": "เลยกำหนด {days} วัน (ครบ {end})",
    "reminders.due_today": "ครบกำหนดวันนี้ ({end})",
    "reminders.days_left": "เหลือ {days} วัน (ครบ {end})",
    "reminders.no_deadline": "ไม่มีกำหนดเวลา",
    "reminders.more": "และอีก {count} รายการ ดูทั้งหมดได้ที่ งานของฉัน",
    "reminders.tip": "แตะหมายเลขมาตรการด้านล่างเพื่อรายงาน",
    "reminders.bad_key": 'ไม่รู้จักการตั้งค่า "{key}" ตั้งได้: {keys}',
    "reminders.bad_value": 'ตั้ง {key} เป็น "{value}" ไม่ได้ ต้องเป็น{expected}',
    "reminders.bad_setting_format": 'เขียนการตั้งค่าเป็น ชื่อ=ค่า เช่น overdue_every_days=7 (ได้รับ "{text}")',
    "reminders.bad_days": "จำนวนวันต้องเป็นจำนวนเต็มบวก (ทุกกี่วันหลังเลยกำหนด ใช้ 0 ได้เพื่อปิด)",
    "reminders.office_hours_order": "เวลาเริ่มงาน {start} ต้องมาก่อนเวลาเลิกงาน {end}",
    "reminders.send_outside_office": "เวลาส่ง {time} อยู่นอกเวลาราชการ ({start}-{end}) กรุณาเลือกเวลาในช่วงนั้น",
    "reminders.expect.bool": " เปิด หรือ ปิด (on/off)",
    "reminders.expect.days": "จำนวนวันคั่นด้วยจุลภาค เช่น 14,7,3,1 (หรือ - เพื่อปิด)",
    "reminders.expect.int": "จำนวนวันเป็นตัวเลข เช่น 7",
    "reminders.expect.optional_int": "จำนวนวันเป็นตัวเลข เช่น 3 (หรือ ปิด)",
    "reminders.expect.day_of_month": "วันที่ 1-31 เช่น 25 (หรือ ปิด)",
    "reminders.expect.weekday": "วันในสัปดาห์ เช่น จันทร์ หรือ 0-6 (0 = จันทร์, หรือ ปิด)",
    "reminders.expect.time": "เวลา ชั่วโมง:นาที เช่น 08:30",
    "reminders.bad_range": "ช่วงวันที่ไม่ถูกต้อง: วันเริ่ม {start} อยู่หลังวันสิ้นสุด {end}",
    # --- summary ---
    "summary.title": "สรุปความก้าวหน้ามาตรการ ITA",
    "summary.as_of_month": "ณ สิ้นเดือน {month}",
    "summary.as_of_day": "ณ วันที่ {date} (ยังไม่สิ้นเดือน)",
    "summary.no_measures": "ยังไม่มีมาตรการในแผน",
    "summary.totals": "มาตรการทั้งหมด {measures} มาตรการ ดำเนินการแล้ว {done} ({percent})",
    "summary.count": "{label} {count}",
    "summary.overdue_count": "เกินกำหนด {count} มาตรการ",
    "summary.none_overdue": "ไม่มีมาตรการเกินกำหนด",
    "summary.changes": "เทียบกับ {month}: ดำเนินการแล้ว {done} · เกินกำหนด {overdue} · ยังไม่รายงาน {no_report}",
    "summary.newly_done": "ดำเนินการแล้วในเดือนนี้: มาตรการ {numbers}",
    "summary.on_time": "ทันกำหนด {rate} ({on_time} จาก {due} มาตรการที่ครบกำหนดแล้ว)",
    "summary.evidence": "หลักฐาน {count} รายการ",
    "summary.by_assessment": "ตามแบบการประเมิน",
    "summary.assessment_line": "{name}: ดำเนินการแล้ว {done}/{measures} ({percent})",
    "summary.assessment.none": "ไม่ระบุแบบ",
    "summary.by_division": "ตามส่วนราชการ",
    "summary.division_line": "{division}: ดำเนินการแล้ว {done}/{measures}",
    "summary.division_overdue": " · เกินกำหนด {count}",
    "summary.no_division": "ไม่ระบุส่วนราชการ",
    "summary.overdue_head": "มาตรการที่เกินกำหนด ({count})",
    "summary.overdue_line": "{number}. {title}",
    "summary.overdue_detail": "สิ้นสุด {end}",
    "summary.overdue_days": "เกิน {days} วัน",
    "summary.more": "และอีก {count} รายการ",
    "summary.no_report_list": "ยังไม่รายงาน: มาตรการ {numbers}",
    "summary.late_head": "รายงานหลังสิ้นเดือน (ไม่นับในสรุปนี้)",
    "summary.late_line": "มาตรการ {number}: {was} → {status} ({date}, ช้า {days} วัน)",
    "summary.ack": "รับทราบ",
    "summary.details": "ดูรายละเอียด",
    "summary.alt": "{title} {month} {org}: ดำเนินการแล้ว {done}/{measures} ({percent}) เกินกำหนด {overdue}",
    "summary.chart.division": "ความก้าวหน้าตามส่วนราชการ",
    "summary.chart.indicator": "ความก้าวหน้าตามตัวชี้วัด",
    "summary.chart.axis": "จำนวนมาตรการ",
    "summary.indicator.1": "การปฏิบัติหน้าที่",
    "summary.indicator.2": "การใช้งบประมาณ",
    "summary.indicator.3": "การใช้อำนาจ",
    "summary.indicator.4": "การใช้ทรัพย์สินของราชการ",
    "summary.indicator.5": "การแก้ไขปัญหาการทุจริต",
    "summary.indicator.6": "คุณภาพการดำเนินงาน",
    "summary.indicator.7": "ประสิทธิภาพการสื่อสาร",
    "summary.indicator.8": "การปรับปรุงการทำงาน",
    "summary.indicator.9": "การเปิดเผยข้อมูล",
    "summary.indicator.10": "การป้องกันการทุจริต",
    "summary.indicator.none": "ไม่ระบุตัวชี้วัด",
    # --- evidence ---
    "evidence.too_big": "ไฟล์ใหญ่เกิน 10 MB ส่งไม่ได้ ลองย่อขนาดหรือส่งเป็นลิงก์แทน",
    "evidence.bad_type": "รับเฉพาะรูปภาพ (JPG, PNG) และไฟล์ PDF, DOCX, XLSX หรือส่งเป็นลิงก์",
    "evidence.download_failed": "ดึงไฟล์จากแพลตฟอร์มไม่สำเร็จ",
    # --- quota ---
    "quota.warning": "⚠️ ใช้โควตาข้อความ LINE เดือนนี้ไปแล้ว {used} จาก {limit} ข้อความ ({percent}%) เมื่อครบ บอทจะหยุดส่งแจ้งเตือนทาง LINE และส่งทาง Telegram หรือแนบไปกับการตอบกลับครั้งถัดไปแทน",
    "quota.status": "โควตา LINE เดือนนี้: ใช้ {used} จาก {limit} ({percent}%) ตรวจล่าสุด {checked}",
    "quota.unknown": "ยังไม่เคยอ่านโควตา LINE (ตั้งค่า LINE_CHANNEL_ACCESS_TOKEN แล้วรอรอบตรวจประจำวัน)",
    "quota.exhausted": "หยุดส่งทาง LINE แล้วจนถึงต้นเดือนหน้า (โควตาหมด)",
    "reminders.planned_count": "ข้อความที่วางแผนไว้รอส่ง: {count}",
    "cli.bad_now": "อ่านเวลา \"{value}\" ไม่ได้ ใช้รูปแบบ 2023-03-24T08:30+07:00",
    "reminders.preview_total": "รวม {count} ข้อความ",
    # --- absence ---
    "absence.how": "พิมพ์ ลา ถึง <วันที่> เช่น ลา ถึง 15 มี.ค. เพื่อหยุดรับแจ้งเตือนชั่วคราว (คนอื่นในกองยังได้รับตามปกติ)",
    "absence.bad_date": "อ่านวันที่ \"{text}\" ไม่ได้",
    "absence.out_of_range": "วันที่ต้องไม่ย้อนหลัง และไม่เกิน 1 ปีจากวันนี้",
    "absence.set": "หยุดแจ้งเตือนถึง {until} แล้ว กลับมาก่อนกำหนดพิมพ์ กลับมาแล้ว",
    "absence.cleared": "ยินดีต้อนรับกลับ เริ่มส่งแจ้งเตือนตามปกติแล้ว",
    "absence.none": "ตอนนี้ไม่ได้หยุดแจ้งเตือนอยู่",
    "cli.written": "บันทึก {path} แล้ว ({size:,} ไบต์)",
    "cli.needs_out": "รูปแบบ {format} ต้องระบุ --out ชื่อไฟล์",
    # --- summary in chat ---
    "summary.chart_alt": "กราฟความก้าวหน้าตามส่วนราชการ",
    "summary.no_acks": "ยังไม่มีผู้บริหารกดรับทราบสรุปเดือนนี้",
    "summary.acks_head": "รับทราบแล้ว {count} คน:",
    "summary.bad_month": "อ่านเดือน \"{text}\" ไม่ได้ ลองพิมพ์ เช่น สรุป มี.ค. 66",
    "summary.not_started": "เดือนนั้นยังไม่เริ่ม",
    "summary.acked": "✅ บันทึกการรับทราบแล้ว ขอบคุณครับ",
    "summary.already_acked": "คุณรับทราบสรุปนี้ไปแล้วเมื่อ {when}",
    "summary.file_name": "รายงานผลการดำเนินการตามมาตรการ {month}.pdf",
    "summary.monthly_intro": "สรุปผลการดำเนินการตามมาตรการ ITA ประจำเดือน กรุณากด รับทราบ",
    "menu.summary": "สรุปเดือนนี้",
}
