"""The texts of import problems, in Chinese.

They are validation data shown next to a spreadsheet's row and column, written for the clerk who
filled the sheet, like the identity rules' messages (governance.rules.identity); the import tests
check them. Each is a format string with named placeholders.
"""

# --- the file -------------------------------------------------------------------------------------
FILE_EMPTY = "文件是空的。"
FILE_TOO_LARGE = "文件太大（{size}），单个文件不能超过 {limit}。"
FILE_UNKNOWN_FORMAT = "无法识别文件格式：请上传 Excel（.xlsx、.xls）或 CSV 文件。"
FILE_UNREADABLE = "文件无法读取，可能已损坏或不是{format}文件：{detail}"
FILE_ENCODING = "CSV 文件的编码无法识别：请另存为“CSV UTF-8”或 GBK 编码后重新上传。"
FILE_NO_HEADER = "未找到表头行：前 {rows} 行中没有包含“{required}”等列名的行。请确认上传的是{register}。"
FILE_MISSING_COLUMNS = "缺少必需的列：{columns}。"
FILE_DUPLICATE_COLUMN = "列名“{header}”出现了不止一次（{letters}列）。"
FILE_NO_ROWS = "表头下面没有数据行。"
FILE_CHANGED = "文件在预览后被更换，请重新上传并预览。"

# --- cells ----------------------------------------------------------------------------------------
REQUIRED = "不能为空。"
DATE_UNRECOGNISED = "无法识别的日期“{value}”，请使用 2026-03-05、2026/3/5、2026.3.5 或 2026年3月5日 等格式。"
DATE_INVALID = "日期“{value}”不存在。"
DATE_OUT_OF_RANGE = "日期“{value}”不在合理范围内（1949年至2100年）。"
DATE_IN_FUTURE = "日期 {value} 晚于今天。"
DEADLINE_UNRECOGNISED = "无法识别的时限“{value}”：请填写日期（如 2026-03-05）或期限（如 30日、15个工作日、1个月、一周）。"
COUNT_INVALID = "“{value}”不是有效的人数：请填写正整数。"
YES_NO_INVALID = "“{value}”无法识别：请填写“是”或“否”。"
TOO_LONG = "内容过长（{length} 字），最多 {limit} 字。"
UNKNOWN_REFERENCE = "未知的{what}“{value}”。可选：{choices}。"
UNKNOWN_DEPARTMENT = "本中心没有名为“{value}”的部门。本中心的部门有：{choices}。"
UNKNOWN_WORKSTATION = "本中心没有名为“{value}”的村（社区）工作站。现有：{choices}。"
UNKNOWN_STATUS = "未知的办理状态“{value}”。可选：{choices}。"
UNKNOWN_FOLLOW_UP = "无法识别的回访情况“{value}”：应包含“满意”“部分化解”（或“基本满意”）或“未化解”（或“不满意”）。"
MASKED_VALUE = "这是脱敏后的数据（含“*”），无法导入：请用可以查看完整个人信息的账号导出后再导入。"
ID_AS_NUMBER = "身份证号被 Excel 存成了数字，后几位已经丢失：请把该列设为“文本”格式后重新填写。"
PARTY_NAME_MISSING = "第 {n} 位当事人没有姓名，但填写了联系方式或证件号。"
TOO_MANY_VALUES = "填写了 {values} 个值，但只有 {parties} 位当事人：多位当事人请按同样顺序用“、”分隔。"
PARTY_VALUE = "第 {n} 位当事人：{message}"
CODE_TOO_LONG = "编号过长（最多 {limit} 字）。"
CODE_OTHER_CENTER = "编号“{code}”属于{short_name}，不能导入到本中心。"
CODE_USED_BY_OTHER_CENTER = "编号“{code}”已被{center}使用。"
CODE_SEQUENCE_TAKEN = "编号“{code}”的序号已被本中心的案件“{other}”占用。"
CODE_DUPLICATE_IN_FILE = "编号“{code}”与{row}重复。"
ROW_DUPLICATE_IN_FILE = "与{row}内容相同（登记日期、当事人、类别和简要情况都一样）。"
# Another row of the sheet, as the clerk finds it: the Excel row and, when the sheet numbers them, its 序号.
ROW_REF = "第 {line} 行"
ROW_REF_WITH_SERIAL = "第 {line} 行（序号 {serial}）"
CENTER_MISMATCH = "本行属于“{value}”，不是本次导入的中心“{center}”。"
RESOLVED_BEFORE_RECEIVED = "办结日期 {resolved} 早于登记日期 {received}。"
FED_BACK_BEFORE_RESOLVED = "反馈日期 {fed_back} 早于办结日期 {resolved}。"
FED_BACK_WITHOUT_RESOLVED = "填写了反馈日期，但没有办结日期。"
FOLLOW_UP_WITHOUT_RESOLVED = "填写了回访情况，但没有办结日期。"
RESOLVED_FLAG_WITHOUT_DATE = "是否化解为“是”，但没有办结日期。"
OUTCOME_WITHOUT_DATE = "填写了结果类别，但没有办结日期。"
OUTCOME_CONFLICT = "结果类别“{outcome}”与是否化解“{flag}”不一致。"
STATUS_NEEDS_RESOLVED_ON = "办理状态为“{status}”，但没有办结日期。"
STATUS_OPEN_BUT_RESOLVED = "办理状态为“{status}”，但填写了办结日期。"
STATUS_NEEDS_DEPARTMENT = "办理状态为“{status}”，但没有责任单位。"

# --- notes (not problems) -----------------------------------------------------------------------
NOTE_IGNORED_COLUMNS = "以下列不属于{register}，导入时忽略：{columns}。"
NOTE_DEFAULT_SOURCE = "{count} 行没有填写来源，记为“{source}”。"
NOTE_SKIPPED = "{count} 行已经导入过（编号或内容相同），不会重复导入。"
NOTE_DIFFERENT = "{count} 行的编号已在系统中，但内容与系统中的案件不同：这些行不会导入，也不会覆盖系统中的案件（差异见下表）。"
NOTE_FOOTER = "第 {rows} 行是表尾说明（如“填表人”），已忽略。"

# --- the problems list ----------------------------------------------------------------------------
PROBLEMS_HEADERS = ("行号", "序号", "列", "问题")
FILE_LEVEL = "整个文件"
COLUMN_LABEL = "{letter}列“{header}”"

# --- re-imports: why a difference cannot be accepted from a sheet, and where it is changed instead --
DIFF_RECEIVED_ON = "登记日期是各项时限的起算日，登记后不能更改，导入也不会改写。"
DIFF_SOURCE = "来源是登记时的记录，登记后不能更改。"
DIFF_PETITION_KIND = "信访类型决定办理时限规则，登记后不能更改。"
DIFF_PARTIES = "当事人信息（姓名、电话、证件号、住址）登记后不能修改，导入也不会改写；如确有错误，请报中心主任核实。"
DIFF_DEPARTMENTS = "责任单位只能通过案件的“分流到部门”确定：尚未分流的请在案件中分流；分流有误的，由牵头单位“分流错误退回”后重新分流。"
DIFF_DUE_DATE = "时限由期限规则计算，不能通过导入更改：需要延长的，请在案件中“批准延期”。"
DIFF_RESOLVED = "办结情况（结果、办结日期）只能通过案件的“办结”记录：尚未办结的，请在案件中办结；已办结的不能改写。"
DIFF_FED_BACK = "反馈日期只能通过案件的“告知当事人”记录，已记录的不能改写。"
DIFF_FOLLOW_UP = "回访只能通过案件的“记录回访”登记，已记录的不能改写。"
DIFF_STATUS = "办理状态只随案件的办理操作（受理、分流、办结、告知当事人、记录回访、归档等）改变，导入从不更改状态：请在案件中办理。"
DIFF_RECEIVER = "接待人是登记该案件的账号，不能更改。"
DIFF_PROPOSAL = "拟办意见是登记或分流时的记录，不能通过导入更改。"
DIFF_UNREADABLE = "表中的“{value}”无法识别，不能接受：请先更正表格。"
DIFF_EMPTY = "表中为空：导入不会清空系统中已有的内容，如需清空请在案件中“修改信息”。"
DIFF_ARCHIVED = "案件已归档，只读，不能修改。"
DIFF_NOT_ALLOWED = "你没有修改案件信息的权限：请由有权限的人员接受，或在案件中“修改信息”。"
