"""Every piece of interface text in Vietnamese and English, enum labels and locale-free date formats."""

from __future__ import annotations

import string
from collections.abc import Iterable

import pandas as pd

LANGS = ("vi", "en")

# key -> (Vietnamese, English). Placeholders use str.format: t("msg.density", "vi", n=5). English counts agree
# with their noun through "{n:one|many}", which writes `one` when n is 1 and `many` otherwise: "{n} {n:task|tasks}".
# Vietnamese nouns do not change with the count.
STRINGS: dict[str, tuple[str, str]] = {
    # app and pages
    "app.title": ("Công tác tổ chức xây dựng Đảng 2019–2024", "Party organisation-building work, 2019–2024"),
    "app.language": ("Ngôn ngữ", "Language"),
    "page.overview": ("Tổng quan", "Overview"),
    "page.timeline": ("Dòng thời gian", "Timeline"),
    "page.tasks": ("Thống kê nhiệm vụ", "Task counts"),
    "page.documents": ("Văn bản", "Documents"),
    "page.data": ("Dữ liệu và nguồn", "Data and sources"),
    # chart titles
    "chart.timeline": ("Dòng thời gian công tác tổ chức xây dựng Đảng", "Timeline of Party organisation-building work"),
    "chart.overview.month": ("Toàn cảnh: số sự kiện theo tháng", "At a glance: events per month"),
    "chart.overview.quarter": ("Toàn cảnh: số sự kiện theo quý", "At a glance: events per quarter"),
    "chart.per_year": ("Sự kiện và nhiệm vụ theo năm", "Events and tasks per year"),
    "chart.tasks_year": ("Nhiệm vụ theo năm và lĩnh vực", "Tasks per year, by category"),
    "chart.tasks_status": (
        "Nhiệm vụ đề ra, đã thực hiện và đề nghị theo năm",
        "Tasks set, reported done and proposed, per year",
    ),
    "chart.tasks_event": ("Các sự kiện có nhiều nhiệm vụ nhất (top {n})", "Events with the most tasks (top {n})"),
    "chart.tasks_cycle": ("Nhiệm vụ theo chu kỳ và lĩnh vực", "Tasks per cycle, by category"),
    "chart.cycles_compared": (
        "So sánh hai chu kỳ: nhịp chuẩn bị theo tháng so với Đại hội",
        "The two cycles compared: the pace of preparation by month to the congress",
    ),
    "chart.documents": ("Văn bản theo thời gian ban hành", "Documents by date of issue"),
    # field names: axis titles, legend titles, filter labels
    "field.date": ("Thời gian", "Date"),
    "field.year": ("Năm", "Year"),
    "field.task_year": ("Năm của nhiệm vụ (nhiệm vụ cho năm nào)", "Year the tasks are for"),
    "field.set_at": ("Đề ra tại (ngày)", "Set at (date)"),
    "field.years": ("Các năm", "Years"),
    "field.kind": ("Loại sự kiện", "Kind of event"),
    "field.level": ("Cấp", "Level"),
    "field.organiser": ("Cơ quan tổ chức", "Organising body"),
    "field.category": ("Lĩnh vực nhiệm vụ", "Task category"),
    "field.status": ("Tình trạng nhiệm vụ", "Task status"),
    "field.cycle": ("Chu kỳ", "Cycle"),
    "field.precision": ("Độ chính xác của ngày", "Date precision"),
    "field.doc_kind": ("Loại văn bản", "Kind of document"),
    "field.event": ("Sự kiện", "Event"),
    "field.person": ("Người", "Person"),
    "field.document": ("Văn bản", "Document"),
    "field.text": ("Tìm kiếm", "Search"),
    "field.series": ("Chuỗi số liệu", "Series"),
    "axis.n_tasks": ("Số nhiệm vụ", "Number of tasks"),
    "axis.n_events": ("Số sự kiện", "Number of events"),
    "axis.count": ("Số lượng", "Count"),
    "axis.tasks_per_month": ("Nhiệm vụ trong tháng", "Tasks in the month"),
    "axis.cumulative": ("Cộng dồn từ đầu chu kỳ", "Running total since the cycle began"),
    "axis.months_to_congress": (
        "Số tháng so với tháng khai mạc Đại hội (âm: trước Đại hội)",
        "Months from the congress's opening month (negative: before it)",
    ),
    "series.events": ("Sự kiện", "Events"),
    "series.tasks": ("Nhiệm vụ", "Tasks"),
    "series.tasks_month": ("nhiệm vụ trong tháng", "tasks in the month"),
    "series.tasks_cumulative": ("nhiệm vụ cộng dồn", "tasks so far"),
    "series.events_cumulative": ("sự kiện cộng dồn", "events so far"),
    # legend entries and marks
    "legend.month_precision": ("Chỉ biết tháng (vệt cả tháng)", "Date known to the month"),
    "legend.year_precision": ("Chỉ biết năm (vệt cả năm)", "Date known to the year"),
    "legend.range": ("Nhiều ngày", "Several days"),
    "legend.month": ("Chỉ biết tháng", "Known only to the month"),
    "legend.year": ("Chỉ biết năm", "Known only to the year"),
    "note.unnamed": (
        "{n} sự kiện không ghi tên để các nhãn không chồng nhau (ưu tiên: đại hội, hội nghị Trung ương, văn bản; rồi "
        "sự kiện có nhiều nhiệm vụ và nguồn hơn). Rê chuột lên dấu hoặc chọn một năm, một tháng để xem tên.",
        "{n} {n:event is|events are} not named so that labels do not overlap (named first: congresses, plenums, "
        "documents, then events with more tasks and sources). Hover over a mark, or pick a year or a month, to see "
        "{n:its|their} {n:name|names}.",
    ),
    "note.unnamed_documents": (
        "{n} văn bản không ghi số để các nhãn không chồng nhau (văn bản sớm hơn được ghi trước). Rê chuột lên dấu "
        "để xem số và tên.",
        "{n} {n:document is|documents are} not labelled so that labels do not overlap (earlier documents first). "
        "Hover over a mark to see {n:its|their} number and title.",
    ),
    "msg.none_recorded": ("Các nguồn không ghi nhận sự kiện nào {when}.", "The sources record no event {when}."),
    "legend.proposed": ("Đề xuất, chưa ban hành", "Proposed, not yet issued"),
    "lane.phases": ("Giai đoạn", "Phases"),
    "lane.other": ("Cơ quan khác", "Other bodies"),
    "cycle.congress_mark": ("{congress} ({dates})", "{congress} ({dates})"),
    "mark.congress_opens": ("Khai mạc Đại hội", "Congress opens"),
    "colorbar.events_per_month": ("Sự kiện/tháng", "Events/month"),
    # hover
    "hover.n_tasks": ("{n} nhiệm vụ", "{n} {n:task|tasks}"),
    "hover.n_events": ("{n} sự kiện", "{n} {n:event|events}"),
    "hover.so_far": ("{what} tính đến tháng này", "{what} up to this month"),
    "hover.named_at": ("Được nhắc ở {n} sự kiện", "Named at {n} {n:event|events}"),
    "hover.year_only_events": ("{n} sự kiện chỉ biết năm", "{n} {n:event|events} known only to the year"),
    "hover.months_before": ("{n} tháng trước Đại hội", "{n} {n:month|months} before the congress"),
    "hover.months_after": ("{n} tháng sau Đại hội", "{n} {n:month|months} after the congress"),
    "hover.congress_month": ("Tháng khai mạc Đại hội", "The month the congress opened"),
    "date.unknown": ("chưa rõ ngày", "date unknown"),
    "note.month_precision": ("chỉ biết đến tháng", "date known to the month"),
    "note.year_precision": ("chỉ biết đến năm", "date known to the year"),
    # messages
    "msg.no_data": ("Không có dữ liệu phù hợp với bộ lọc này", "No data for these filters"),
    "msg.no_event": ("Không có sự kiện nào phù hợp với bộ lọc.", "No event matches your filters."),
    "view.counts": (
        "Đang hiển thị {events}/{all_events} sự kiện · {tasks}/{all_tasks} nhiệm vụ",
        "Showing {events} of {all_events} {all_events:event|events} · {tasks} of {all_tasks} {all_tasks:task|tasks}",
    ),
    "msg.density": (
        "Hiển thị mật độ của {n} sự kiện: bấm vào một tháng để xem từng sự kiện",
        "Showing the density of {n} events: click a month to see its events one by one",
    ),
    "msg.density_filter": (
        "Hiển thị mật độ của {n} sự kiện: thêm bộ lọc để xem từng sự kiện",
        "Showing the density of {n} events: add a filter to see single events",
    ),
    "msg.year_only_not_binned": (
        "{n} sự kiện chỉ biết năm không được xếp vào cột nào",
        "{n} {n:event|events} known only to the year {n:is|are} not in any bar",
    ),
    "msg.undated_documents": ("Chưa rõ ngày ban hành: {items}", "Date of issue unknown: {items}"),
    "msg.more": ("+{n} khác", "+{n} more"),
    # source line and filter summary
    "source.line": ("Nguồn: {outlets} · Bảng dữ liệu tổng hợp", "Source: {outlets} · compiled dataset"),
    "source.dataset": ("Nguồn: Bảng dữ liệu tổng hợp", "Source: compiled dataset"),
    "filters.all": ("Tất cả sự kiện", "All events"),
    "filters.search": ("Tìm: “{text}”", "Search: “{text}”"),
}

# Page text: the interface around the charts.
STRINGS.update(
    {
        "page.summary": ("Tóm tắt một năm", "One-year summary"),
        "overview.lead": (
            "Các hội nghị, văn bản, nhiệm vụ và số liệu của ngành Tổ chức xây dựng Đảng qua hai chu kỳ chuẩn bị "
            "Đại hội XIII và Đại hội XIV, theo năm bài báo và các trang tham chiếu được dẫn; "
            "mỗi sự kiện đều dẫn nguồn.",
            "Conferences, documents, tasks and figures of the Party organisation-building sector across the run-ups "
            "to Congress XIII and Congress XIV, from five news articles and the reference pages they cite; every event "
            "cites its source.",
        ),
        "overview.n_events": ("Sự kiện", "Events"),
        "overview.n_documents": ("Văn bản", "Documents"),
        "overview.n_tasks": ("Nhiệm vụ", "Tasks"),
        "overview.years": ("Các năm có sự kiện", "Years covered"),
        "overview.events": ("Các sự kiện (bấm để xem chi tiết và nguồn)", "Events (click for detail and sources)"),
        "overview.more_events": (
            "{n} sự kiện đầu tiên trong {total}: lọc thêm, hoặc xem tất cả ở trang Dữ liệu và nguồn.",
            "The first {n} of {total} events: filter further, or see them all on the Data and sources page.",
        ),
        "overview.sources": ("Nguồn dữ liệu", "Where the data comes from"),
        "sources.outlet": ("Cơ quan báo chí", "Outlet"),
        "sources.unnamed": ("(bài không nêu tên báo)", "(outlet not named)"),
        "sources.title": ("Tiêu đề", "Title"),
        "sources.published": ("Ngày đăng", "Published"),
        "sources.kind": ("Loại nguồn", "Kind"),
        "sources.n_quotes": ("Số trích dẫn", "Quotes"),
        "sources.author": ("Tác giả", "Author"),
        "sources.seed": ("Tệp bài báo", "Article file"),
        "sources.note": ("Ghi chú", "Note"),
        "filters.any": ("Tất cả", "All"),
        "filters.reset": ("Bỏ mọi bộ lọc", "Clear all filters"),
        "filters.text_hint": ("vd. chay chuc (không cần dấu)", "e.g. chay chuc (diacritics optional)"),
        "msg.try_reset": (
            "Hãy nới bộ lọc hoặc bấm “Bỏ mọi bộ lọc”.",
            "Widen the filters or click “Clear all filters”.",
        ),
        "nav.year": ("Năm", "Year"),
        "nav.all_years": ("Tất cả các năm", "All years"),
        "nav.prev": ("Trước", "Previous"),
        "nav.next": ("Sau", "Next"),
        "nav.prev_year": ("Năm trước", "Previous year"),
        "nav.next_year": ("Năm sau", "Next year"),
        "nav.lanes": ("Xếp làn theo", "Lanes by"),
        "nav.month": ("Tháng", "Month"),
        "nav.whole_year": ("Cả năm", "Whole year"),
        "filters.whole_year": ("Bỏ chọn tháng: xem cả năm", "Clear the month: show the whole year"),
        "timeline.open_event": ("Mở sự kiện", "Open an event"),
        "timeline.pick_event": (
            "— bấm vào một sự kiện trên biểu đồ hoặc chọn ở đây —",
            "— click an event in the chart or pick it here —",
        ),
        "timeline.too_many_to_list": (
            "{n} sự kiện trong khung xem, quá nhiều để liệt kê: chọn một tháng hoặc thêm bộ lọc để mở từng sự kiện.",
            "{n} events in view, too many to list: pick a month or add a filter to open one.",
        ),
        "timeline.unknown_event": ("Không có sự kiện mang mã “{id}”.", "There is no event with the id “{id}”."),
        "timeline.close": ("Đóng chi tiết", "Close the detail"),
        "detail.original": ("Nguyên văn", "Original Vietnamese"),
        "detail.original_text": ("Nội dung nguyên văn tiếng Việt", "The original Vietnamese text"),
        "detail.outside_date": (
            "Ngày này lấy từ nguồn ngoài các bài báo:",
            "This date comes from outside the articles:",
        ),
        "detail.place": ("Địa điểm", "Place"),
        "detail.people": ("Thành phần", "People"),
        "detail.name": ("Họ tên", "Name"),
        "detail.role": ("Chức vụ khi đó", "Role at the time"),
        "detail.part": ("Vai trò", "Part"),
        "detail.documents": ("Văn bản", "Documents"),
        "detail.tasks": ("Nhiệm vụ", "Tasks"),
        "detail.task": ("Nhiệm vụ", "Task"),
        "detail.figures": ("Số liệu", "Figures reported"),
        "detail.sources": ("Nguồn và trích dẫn", "Sources and quotes"),
        "detail.reference_note": (
            "Trang này cho biết (tóm lược của chúng tôi, không trích nguyên văn): {note}",
            "What this page states (our summary, not a quote): {note}",
        ),
        "detail.accessed": ("đọc ngày {date}", "read {date}"),
        "tasks.behind": (
            "{n} nhiệm vụ của {events} sự kiện trong cột đã chọn",
            "{n} {n:task|tasks} from {events} {events:event|events} behind the selected bars",
        ),
        "docs.number": ("Số hiệu", "Number"),
        "docs.issuer": ("Cơ quan ban hành", "Issued by"),
        "docs.basis": ("Nguồn ngày", "Date from"),
        "docs.status": ("Tình trạng", "Status"),
        "docs.title": ("Trích yếu", "Subject"),
        "docs.n_events": ("Số sự kiện nhắc đến", "Events naming it"),
        "docs.unknown": ("Không có văn bản mang mã “{id}”.", "There is no document with the id “{id}”."),
        "docs.clear": ("Bỏ chọn văn bản", "Clear the document"),
        "data.search": (
            "Tìm trong sự kiện (không phân biệt dấu, hoa thường)",
            "Search the events (diacritics and case ignored)",
        ),
        "data.events": ("Sự kiện ({n})", "Events ({n})"),
        "data.title": ("Tiêu đề", "Title"),
        "data.download_events": ("Tải sự kiện (CSV)", "Download events (CSV)"),
        "data.download_tasks": ("Tải nhiệm vụ (CSV)", "Download tasks (CSV)"),
        "data.error_title": ("Tệp dữ liệu {file} có {n} lỗi", "The data file {file} has {n} {n:problem|problems}"),
        "data.stale": (
            "Đang hiển thị dữ liệu hợp lệ gần nhất, nạp lúc {time}. Sửa tệp và lưu lại: bảng điều khiển tự cập nhật.",
            "Showing data from {time}, the last valid version. "
            "Fix the file and save it: the dashboard updates by itself.",
        ),
        "data.fix_hint": (
            "Chưa có dữ liệu hợp lệ để hiển thị. Sửa các dòng nêu trên rồi lưu tệp; trang tự tải lại.",
            "There is no valid data to show yet. Fix the lines above and save the file; the page reloads by itself.",
        ),
        "data.lost": (
            "Lần lưu gần nhất làm mất {n} trong {before} sự kiện. Nếu tệp bị cắt cụt khi lưu, hãy khôi phục nó.",
            "The last save dropped {n} of {before} {before:event|events}. "
            "If the file was cut short while saving, restore it.",
        ),
        "export.png": ("Tải PNG", "Download PNG"),
        "export.svg": ("Tải SVG", "Download SVG"),
        "export.csv": ("Tải dữ liệu (CSV)", "Download data (CSV)"),
        "report.toggle": ("Chế độ báo cáo", "Report mode"),
        "report.help": (
            "Ẩn thanh bên và các nút, vẽ biểu đồ ở khổ cố định 1200×675 để chụp màn hình.",
            "Hides the sidebar and controls and draws charts at a fixed 1200×675, for clean screenshots.",
        ),
        "report.exit": ("← Thoát chế độ báo cáo", "← Leave report mode"),
        "summary.pick_year": ("Chọn năm", "Pick a year"),
        "summary.pick_hint": (
            "Chọn một năm để xem bản tóm tắt in được trên một trang A4.",
            "Pick a year for a summary that prints on one A4 page.",
        ),
        "summary.title": ("Công tác tổ chức xây dựng Đảng năm {year}", "Party organisation-building work in {year}"),
        "summary.print_hint": (
            "In từ trình duyệt (Ctrl+P) ra một trang A4",
            "Print from the browser (Ctrl+P) on one A4 page",
        ),
        "summary.nothing": (
            "Không có sự kiện nào trong năm {year} với bộ lọc này.",
            "No event in {year} with these filters.",
        ),
        "summary.events": ("Sự kiện chính ({n})", "Key events ({n})"),
        "summary.tasks": ("Nhiệm vụ theo lĩnh vực ({n})", "Tasks by category ({n})"),
        "summary.documents": ("Văn bản ban hành trong năm ({n})", "Documents issued that year ({n})"),
        "summary.n_quotes": ("{n} trích dẫn", "{n} {n:quote|quotes}"),
        "report.download": ("Tải báo cáo", "Download report"),
        "report.download_help": (
            "Báo cáo của khung xem này (năm, chu kỳ, bộ lọc, ngôn ngữ): biểu đồ, sự kiện, nhiệm vụ, số liệu, văn bản "
            "và các nguồn kèm trích dẫn.",
            "The report of this view (years, cycle, filters, language): charts, events, tasks, figures, documents "
            "and every source with its quotes.",
        ),
        "report.make_docx": ("Tạo tệp Word (.docx)", "Make the Word file (.docx)"),
        "report.make_pdf": ("Tạo tệp PDF", "Make the PDF"),
        "report.save": ("Lưu {file}", "Save {file}"),
        "report.building": ("Đang tạo báo cáo…", "Building the report…"),
        "report.step_chart": ("Vẽ biểu đồ {i}/{n}: {title}", "Drawing chart {i} of {n}: {title}"),
        "report.step_write": ("Ghi tệp {fmt}", "Writing the {fmt} file"),
        "report.done": ("Đã tạo báo cáo trong {s} giây", "Report built in {s} s"),
        "report.failed": ("Không tạo được báo cáo: {error}", "The report could not be built: {error}"),
        "report.title": ("Báo cáo công tác tổ chức xây dựng Đảng", "Report on Party organisation-building work"),
        "report.made": (
            "Lập ngày {date} từ bảng dữ liệu tổng hợp: {events} sự kiện, {tasks} nhiệm vụ, {documents} văn bản, "
            "{sources} nguồn.",
            "Made on {date} from the compiled dataset: {events} {events:event|events}, {tasks} {tasks:task|tasks}, "
            "{documents} {documents:document|documents}, {sources} {sources:source|sources}.",
        ),
        "report.charts": ("Biểu đồ", "Charts"),
        "report.events": ("Các sự kiện ({n})", "Events ({n})"),
        "report.tasks": ("Nhiệm vụ theo lĩnh vực ({n})", "Tasks by category ({n})"),
        "report.figures": ("Số liệu được báo cáo ({n})", "Figures reported ({n})"),
        "report.documents": ("Văn bản ({n})", "Documents ({n})"),
        "report.notes": ("Nguồn và trích dẫn ({n})", "Sources and quotes ({n})"),
        "report.notes_lead": (
            "Mỗi nguồn được đánh số; số trong cột “Nguồn” của bảng sự kiện chỉ tới đây. Trích dẫn trong ngoặc kép giữ "
            "nguyên văn; với trang tham chiếu bên ngoài, ghi chú tóm tắt điều trang đó nêu.",
            "Each source is numbered; the numbers in the events table's “Sources” column point here. Quotes in "
            "quotation marks are verbatim, in the original Vietnamese; for a reference page outside the articles, a "
            "note says in our words what it states.",
        ),
        "report.col_sources": ("Nguồn", "Sources"),
        "report.col_documents": ("Văn bản", "Documents"),
        "report.col_value": ("Số liệu", "Figure"),
        "report.col_what": ("Nội dung", "What it counts"),
        "report.published": ("đăng ngày {date}", "published {date}"),
        "report.for": ("cho: {what}", "for: {what}"),
        "report.none": ("Không có.", "None."),
        "report.in_our_words": ("[Tóm tắt, không trích nguyên văn] {text}", "[Summary, not a quote] {text}"),
        "report.figure": ("Hình {n}.", "Figure {n}."),
        "report.listed_events": (
            "Bảng liệt kê {n} trong số {total} sự kiện của phạm vi này: các sự kiện chính (đại hội, hội nghị Trung "
            "ương, ban hành văn bản, rồi các sự kiện có nhiều nhiệm vụ và nguồn hơn), theo thứ tự thời gian. Đủ "
            "{total} sự kiện: trang “Dữ liệu và nguồn”, nút “Tải sự kiện (CSV)”; hoặc thu hẹp bộ lọc.",
            "The table lists {n} of the view's {total} events: its key ones (congresses, plenums, documents issued, "
            "then the events with more tasks and sources), in date order. All {total}: the “Data and sources” page, "
            "“Download events (CSV)”; or narrow the filters.",
        ),
        "report.listed_figures": (
            "Số liệu của {n} sự kiện được liệt kê ở mục 2: {shown} trong số {total} số liệu của phạm vi này.",
            "The figures of the {n} events listed in section 2: {shown} of the view's {total}.",
        ),
        "report.listed_quotes": (
            "Trích dẫn cho các văn bản và cho {n} sự kiện được liệt kê ở mục 2; trích dẫn cho {rest} sự kiện còn lại "
            "có trong phần chi tiết của từng sự kiện (trang “Dòng thời gian”).",
            "Quotes for the documents and for the {n} events listed in section 2; those for the other {rest} "
            "{rest:event|events} are in each event's detail (the “Timeline” page).",
        ),
        "summary.col_set": ("Đề ra, chưa báo cáo kết quả", "Set, no result reported"),
        "summary.col_done": ("Đã báo cáo thực hiện", "Reported done"),
        "summary.col_total": ("Tổng", "Total"),
        "summary.total_row": ("Tổng cộng", "All categories"),
        "summary.col_proposed": ("Đề nghị, chưa đề ra", "Proposed, not set"),
        "summary.tasks_note": (
            "Mỗi nhiệm vụ được tính một lần, ở một cột: mới đề ra, đã được báo cáo là thực hiện, hoặc mới đề nghị.",
            "Each task is counted once, in one column: set (no result reported yet), reported done, or proposed.",
        ),
    }
)

# group -> value -> (Vietnamese, English); the order of each group is the order shown to users.
LABELS: dict[str, dict[str, tuple[str, str]]] = {
    "kind": {
        "briefing": ("Hội nghị giao ban", "Briefing"),
        "conference": ("Hội nghị", "Conference"),
        "meeting": ("Cuộc họp", "Meeting"),
        "plenum": ("Hội nghị Ban Chấp hành", "Plenum"),
        "congress": ("Đại hội", "Congress"),
        "election": ("Bầu cử", "Election"),
        "issuance": ("Ban hành văn bản", "Issuance of a document"),
        "decision": ("Quyết định", "Decision"),
    },
    "level": {
        "central": ("Trung ương", "Central"),
        "provincial": ("Tỉnh, thành phố", "Provincial"),
        "all-levels": ("Các cấp", "All levels"),
    },
    "category": {
        "personnel": ("Công tác cán bộ, nhân sự", "Personnel and cadre work"),
        "congress": ("Chuẩn bị đại hội", "Congress preparation"),
        "rules": ("Quy định, hướng dẫn", "Rules and guidance"),
        "anti-corruption": (
            "Phòng, chống tham nhũng, chạy chức, chạy quyền",
            "Anti-corruption, position- and power-buying",
        ),
        "grassroots": ("Tổ chức cơ sở đảng, đảng viên", "Grassroots Party organisations and members"),
        "apparatus": ("Tổ chức bộ máy", "Organisational apparatus"),
        "protection-communication": (
            "Bảo vệ chính trị nội bộ, tuyên truyền",
            "Internal political protection, communication",
        ),
        "ideology-discipline": ("Tư tưởng chính trị, kỷ luật", "Political ideology and discipline"),
        "elections": ("Bầu cử", "Elections"),
        "sector-staff": ("Đội ngũ cán bộ ngành", "The sector's own staff"),
    },
    "status": {
        "set": ("Đề ra", "Set"),
        "done": ("Đã thực hiện", "Reported done"),
        "proposed": ("Đề nghị (chưa đề ra)", "Proposed (not set)"),
    },
    "precision": {
        "day": ("Ngày", "Day"),
        "month": ("Tháng", "Month"),
        "year": ("Năm", "Year"),
    },
    "doc_kind": {
        "directive": ("Chỉ thị", "Directive"),
        "guideline": ("Hướng dẫn", "Guideline"),
        "regulation": ("Quy định", "Regulation"),
        "resolution": ("Nghị quyết", "Resolution"),
        "conclusion": ("Kết luận", "Conclusion"),
        "charter": ("Điều lệ", "Charter"),
        "law": ("Luật", "Law"),
        "report": ("Báo cáo", "Report"),
        "programme": ("Chương trình", "Programme"),
    },
    "doc_status": {
        "issued": ("Đã ban hành", "Issued"),
        "proposed": ("Đề xuất, chưa ban hành", "Proposed, not yet issued"),
    },
    "doc_relation": {
        "issued": ("Ban hành", "Issued"),
        "deployed": ("Triển khai", "Deployed"),
        "discussed": ("Thảo luận", "Discussed"),
        "named": ("Được nêu", "Named"),
    },
    "part": {
        "chair": ("Chủ trì", "Chair"),
        "speaker": ("Phát biểu", "Speaker"),
        "attendee": ("Dự", "Attendee"),
        "subject": ("Người được đề cập", "Subject"),
    },
    "date_basis": {
        "article": ("Theo bài báo", "From the article"),
        "outside": ("Nguồn ngoài bài báo", "From outside the articles"),
    },
    "source_kind": {
        "article": ("Bài báo", "News article"),
        "reference": ("Tư liệu tham chiếu", "Reference"),
    },
    "cycle": {
        "xiii": ("Chu kỳ Đại hội XIII", "Congress XIII cycle"),
        "xiv": ("Chu kỳ Đại hội XIV", "Congress XIV cycle"),
        "none": ("Ngoài hai chu kỳ", "Outside both cycles"),
    },
}

_MONTHS_EN = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def month_label(year: int, month: int, lang: str) -> str:
    """A month of a year as a label of its own: "Tháng 3/2021" / "Mar 2021"."""
    when = format_date(pd.Timestamp(year=year, month=month, day=1), "month", lang)
    return when[:1].upper() + when[1:]


def in_span(years: tuple[int, int], month: int | None, lang: str) -> str:
    """A view's years or month as a complement: "trong năm 2024", "trong tháng 3/2021" / "in 2024", "in Mar 2021"."""
    lo, hi = years
    if month:
        when = format_date(pd.Timestamp(year=lo, month=month, day=1), "month", lang)
    else:
        when = str(lo) if lo == hi else f"{lo}–{hi}"
        when = f"năm {when}" if lang == "vi" else when
    return f"trong {when}" if lang == "vi" else f"in {when}"


def month_name(month: int, lang: str) -> str:
    """A month's short name, as on the month buttons: "T3" / "Mar"."""
    return f"T{month}" if lang == "vi" else _MONTHS_EN[month - 1]


def _index(lang: str) -> int:
    if lang not in LANGS:
        raise ValueError(f"unknown language {lang!r}; expected one of {LANGS}")
    return LANGS.index(lang)


class _Formatter(string.Formatter):
    """str.format, plus the count format "{n:one|many}": `one` when n is 1 (or "1"), else `many`."""

    def format_field(self, value, format_spec: str):
        if "|" in format_spec:
            one, many = format_spec.split("|", 1)
            return one if str(value).strip() == "1" else many
        return super().format_field(value, format_spec)


_FORMATTER = _Formatter()


def t(key: str, lang: str, **fmt) -> str:
    """The interface string `key` in `lang`, with `fmt` filled in (English nouns agreeing with their counts)."""
    text = STRINGS[key][_index(lang)]
    return _FORMATTER.format(text, **fmt) if fmt else text


def label(group: str, value, lang: str) -> str:
    """The label of an enum value (kind, level, category, …); a missing value is the group's "none"."""
    key = "none" if value is None or value is pd.NA or (isinstance(value, float) and value != value) else value
    entry = LABELS[group].get(key)
    return entry[_index(lang)] if entry else str(value)


def values(group: str) -> tuple[str, ...]:
    """The values of an enum group in display order."""
    return tuple(v for v in LABELS[group] if v != "none")


def present(group: str, seen: Iterable) -> list[str]:
    """The values of an enum group that occur in `seen`, in display order; unknown values last, sorted."""
    seen = set(seen)
    return [v for v in values(group) if v in seen] + sorted(seen - set(values(group)))


def format_number(n: int, lang: str) -> str:
    """An integer with the language's thousands separator (1.234 in Vietnamese, 1,234 in English)."""
    return f"{int(n):,}".replace(",", "." if lang == "vi" else ",")


def format_date(ts, precision: str | None, lang: str) -> str:
    """A date written as precisely as it is known: day, month or year; NaT or None is "date unknown"."""
    _index(lang)
    if ts is None or pd.isna(ts):
        return t("date.unknown", lang)
    ts = pd.Timestamp(ts)
    if precision == "year":
        return f"năm {ts.year}" if lang == "vi" else str(ts.year)
    if precision == "month":
        return f"tháng {ts.month}/{ts.year}" if lang == "vi" else f"{_MONTHS_EN[ts.month - 1]} {ts.year}"
    return (
        f"{ts.day:02d}/{ts.month:02d}/{ts.year}" if lang == "vi" else f"{ts.day} {_MONTHS_EN[ts.month - 1]} {ts.year}"
    )


def format_quarter(ts, lang: str) -> str:
    """A calendar quarter: "quý 1/2020" or "Q1 2020"."""
    ts = pd.Timestamp(ts)
    q = (ts.month - 1) // 3 + 1
    return f"quý {q}/{ts.year}" if lang == "vi" else f"Q{q} {ts.year}"


def format_range(start, end, precision: str | None, lang: str) -> str:
    """A date range at the given precision, shortened when both ends share the unit ("tháng 3–5/2020")."""
    if end is None or pd.isna(end) or start is None or pd.isna(start):
        return format_date(start, precision, lang)
    a, b = pd.Timestamp(start), pd.Timestamp(end)
    if precision == "year":
        if a.year == b.year:
            return format_date(a, "year", lang)
        return f"năm {a.year}–{b.year}" if lang == "vi" else f"{a.year}–{b.year}"
    if precision == "month":
        if (a.year, a.month) == (b.year, b.month):
            return format_date(a, "month", lang)
        if a.year == b.year:
            if lang == "vi":
                return f"tháng {a.month}–{b.month}/{a.year}"
            return f"{_MONTHS_EN[a.month - 1]}–{_MONTHS_EN[b.month - 1]} {a.year}"
        return f"{format_date(a, 'month', lang)} – {format_date(b, 'month', lang)}"
    if a.normalize() == b.normalize():
        return format_date(a, "day", lang)
    if lang == "en" and (a.year, a.month) == (b.year, b.month):
        return f"{a.day}–{format_date(b, 'day', lang)}"
    if lang == "en" and a.year == b.year:
        return f"{a.day} {_MONTHS_EN[a.month - 1]} – {format_date(b, 'day', lang)}"
    return f"{format_date(a, 'day', lang)} – {format_date(b, 'day', lang)}"


def listed(labels: list[str], lang: str, limit: int | None = 3) -> str:
    """Up to `limit` labels joined by commas, then "+N more" (plain text); every label when `limit` is None."""
    if limit is None or len(labels) <= limit:
        return ", ".join(labels)
    return f"{', '.join(labels[:limit])}, {t('msg.more', lang, n=len(labels) - limit)}"


def filters_summary(
    lang: str,
    *,
    years: int | tuple[int, int] | None = None,
    month: int | None = None,
    cycle: str | None = None,
    kinds: Iterable[str] = (),
    levels: Iterable[str] = (),
    categories: Iterable[str] = (),
    statuses: Iterable[str] = (),
    person: str | None = None,
    document: str | None = None,
    text: str | None = None,
    limit: int | None = 3,
) -> str:
    """The active filters as one plain-text line for a chart's subtitle ("All events" when none), naming up to
    `limit` values of a filter (all when None: a report's own subtitle has the room)."""
    parts: list[str] = []
    year = years[0] if isinstance(years, tuple) and years[0] == years[1] else years
    if month and isinstance(year, int):
        parts.append(month_label(year, month, lang))
    elif isinstance(years, tuple):
        parts.append(f"{t('field.years', lang)} {years[0]}–{years[1]}" if years[0] != years[1] else str(years[0]))
    elif years is not None:
        parts.append(f"{t('field.year', lang)} {years}")
    if cycle:
        parts.append(label("cycle", cycle, lang))
    for group, field, chosen in (
        ("kind", "field.kind", kinds),
        ("level", "field.level", levels),
        ("category", "field.category", categories),
        ("status", "field.status", statuses),
    ):
        chosen = list(chosen)
        if chosen:
            parts.append(f"{t(field, lang)}: {listed([label(group, v, lang) for v in chosen], lang, limit)}")
    if person:
        parts.append(f"{t('field.person', lang)}: {person}")
    if document:
        parts.append(f"{t('field.document', lang)}: {document}")
    if text:
        parts.append(t("filters.search", lang, text=text))
    return " · ".join(parts) if parts else t("filters.all", lang)


def source_line(outlets: Iterable[str], lang: str) -> str:
    """The plain-text source line of a chart: every distinct outlet it draws from, so the chart can be cited from
    its own image (never "+N more")."""
    distinct = list(dict.fromkeys(o.strip() for o in outlets if isinstance(o, str) and o.strip()))
    return t("source.line", lang, outlets="; ".join(distinct)) if distinct else t("source.dataset", lang)
