-- A number or link that came in a copy of a scam wave enough residents reported is warned about like a reported one
-- (PRODUCT.md section 9: "a new number in a known wave counts toward warnings"); its warning says so.
ALTER TABLE warnings_sent DROP CONSTRAINT IF EXISTS warnings_sent_reason_check;
ALTER TABLE warnings_sent ADD CONSTRAINT warnings_sent_reason_check CHECK (reason IN ('confirmed', 'reported', 'wave'));
