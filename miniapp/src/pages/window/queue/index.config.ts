export default definePageConfig({
  navigationBarTitleText: "窗口叫号",
  enablePullDownRefresh: true,
  backgroundTextStyle: "dark",
});
