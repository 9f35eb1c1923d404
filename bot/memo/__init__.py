"""The signed memo (บันทึกข้อความ): model, chain of acknowledgements, rendering, publication pack."""
