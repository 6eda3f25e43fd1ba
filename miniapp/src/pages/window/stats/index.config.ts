export default definePageConfig({
  navigationBarTitleText: "窗口统计",
});
